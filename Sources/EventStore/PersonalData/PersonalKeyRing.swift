import Crypto
public import Foundation
import Synchronization

/// Seals and opens personal data under per-subject keys (`PersonalKeyStore`), keeping the keys it has read. A
/// subject's key is made the first time something of theirs is sealed; destroying it erases everything sealed
/// under it: the boxes stay in the log, byte for byte, and open to nothing.
///
/// Encoding and decoding reach the ring through `PersonalKeyRing.current`: the process's ring (`install`, once, by
/// whatever opens a data directory or a database), or a task's (`$override`, tests). A process that installs
/// nothing keeps keys in memory only, which is right for tests and wrong for a server, so the server and the
/// tools install a durable one before anything is read or written (`ServerTests` restart and read back).
public final class PersonalKeyRing: Sendable {
    public let store: any PersonalKeyStore
    private let keys = Mutex<[String: PersonalKey]>([:])
    private let nonces: (@Sendable () -> [UInt8])?

    /// `nonces`: where 12-byte nonces come from when not from the system's random source (golden tests, whose
    /// payloads must be the same bytes each run). Never reuse a nonce under a key outside a test.
    public init(store: any PersonalKeyStore, nonces: (@Sendable () -> [UInt8])? = nil) {
        self.store = store
        self.nonces = nonces
    }

    /// `plaintext` sealed for `subject`, under its key (made now if it has none).
    public func seal(_ plaintext: [UInt8], for subject: String) throws -> SealedPersonalData {
        let key = try currentKey(of: subject) ?? remember(try store.create(.random(), for: subject), of: subject)
        let nonce = try nonces.map { try ChaChaPoly.Nonce(data: $0()) } ?? ChaChaPoly.Nonce()
        let box = try ChaChaPoly.seal(plaintext, using: key.symmetric, nonce: nonce, authenticating: Array(subject.utf8))
        return SealedPersonalData(subject: subject, key: key.id, box: Array(box.combined))
    }

    /// What `sealed` holds, or `nil` when it is erased: its subject's key was destroyed (or replaced by a later one).
    /// A box that does not open under the key it names is damage, not erasure, and throws.
    public func open(_ sealed: SealedPersonalData) throws -> [UInt8]? {
        guard var key = try currentKey(of: sealed.subject) else { return nil }
        if key.id != sealed.key {
            // The key in memory may be one another process has since destroyed and replaced (an erased customer
            // who signed up again there): the store has the subject's key now.
            guard let stored = try store.key(of: sealed.subject), stored.id == sealed.key else { return nil }
            key = remember(stored, of: sealed.subject)
        }
        let box = try ChaChaPoly.SealedBox(combined: sealed.box)
        return Array(try ChaChaPoly.open(box, using: key.symmetric, authenticating: Array(sealed.subject.utf8)))
    }

    /// Destroys `subject`'s key: everything sealed under it reads as erased, here at once.
    public func destroy(keyOf subject: String) throws(EventStoreError) {
        try store.destroy(keyOf: subject)
        forget(subject)
    }

    /// Drops `subject`'s key from memory (another process destroyed it in the store).
    public func forget(_ subject: String) {
        _ = keys.withLock { $0.removeValue(forKey: subject) }
    }

    /// The subject's key: from memory, else from the store (absence is not remembered: another process may make it).
    private func currentKey(of subject: String) throws(EventStoreError) -> PersonalKey? {
        if let known = keys.withLock({ $0[subject] }) { return known }
        guard let stored = try store.key(of: subject) else { return nil }
        return remember(stored, of: subject)
    }

    private func remember(_ key: PersonalKey, of subject: String) -> PersonalKey {
        keys.withLock { $0[subject] = key }
        return key
    }

    private static let installed = Mutex(PersonalKeyRing(store: MemoryKeyStore()))

    /// A ring for the current task and the tasks it starts, over the process's.
    @TaskLocal public static var override: PersonalKeyRing?

    /// The ring encoding and decoding use.
    public static var current: PersonalKeyRing { override ?? installed.withLock { $0 } }

    /// Makes `ring` the process's.
    public static func install(_ ring: PersonalKeyRing) { installed.withLock { $0 = ring } }
}
