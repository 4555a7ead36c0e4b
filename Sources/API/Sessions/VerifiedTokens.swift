import Foundation
import Synchronization

/// Tokens whose signature this process has checked, with what they carry: a signed-in customer sends the same token
/// with every request, and checking its HMAC and decoding its JSON claims again each time was about 8 % of a hold's
/// CPU over HTTP. Keyed by the whole token (signature included), so only a byte-identical copy of a verified token
/// is found; its expiry is checked on every use and revocation is still asked by the caller. At most `capacity`
/// tokens are kept; when full, the expired go first, then an arbitrary half.
final class VerifiedTokens: Sendable {
    struct Entry: Sendable {
        var identity: Identity
        var session: String
        var issued: Date
        var expires: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    /// What `token` carries, if it was verified before and has not expired by `now`.
    func entry(for token: String, now: Date) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expires > now else {
                entries[token] = nil
                return nil
            }
            return entry
        }
    }

    func remember(_ entry: Entry, for token: String, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity {
                    for key in entries.keys.prefix(entries.count / 2 + 1) { entries[key] = nil }
                }
            }
            entries[token] = entry
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
