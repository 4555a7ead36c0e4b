import Domain
import EventStore
import Synchronization

/// The domain events of recent records, by event id, so that no follower in this process parses a payload it
/// wrote or one another follower already parsed (the projections, the reactors and the live rooms all read every
/// new record). The writer remembers the events it appends (`EventEncoding.newEvents`); a record from elsewhere is
/// remembered once parsed. Keyed by event id, never by position: a process may hold several logs (tests do), and
/// ids are unique across them.
final class DecodedEvents: Sendable {
    private struct Key: Hashable {
        let event: EventID
        let codec: ObjectIdentifier
    }

    private struct Entries: ~Copyable {
        var values: [Key: AnyObject] = [:]
        /// Whose personal data the remembered events that hold some hold (few: sign-ups, profiles, chat, a
        /// registration's hold), so an erasure forgets those and nothing else.
        var subjects: [Key: String] = [:]
        /// Keys in insertion order, a ring: the oldest is forgotten first.
        var order: [Key?]
        var next = 0

        init(capacity: Int) { order = Array(repeating: nil, count: capacity) }

        mutating func insert(_ value: AnyObject, for key: Key, subject: String?) {
            if let subject { subjects[key] = subject }
            guard values.updateValue(value, forKey: key) == nil else { return }
            if let oldest = order[next] {
                values[oldest] = nil
                if !subjects.isEmpty { subjects[oldest] = nil }
            }
            order[next] = key
            next = (next + 1) % order.count
        }
    }

    static let shared = DecodedEvents(capacity: 32_768)

    private let entries: Mutex<Entries>

    init(capacity: Int) {
        entries = Mutex(Entries(capacity: capacity))
    }

    /// Remembers `event` of record `id`; `subject`: whose personal data it holds, if anybody's.
    func remember<C: EventCodec>(_ event: C.Event?, id: EventID, codec _: C.Type, subject: String? = nil) {
        let key = Key(event: id, codec: ObjectIdentifier(C.self))
        let remembered = Remembered<C>(event: event)
        entries.withLock { $0.insert(remembered, for: key, subject: subject) }
    }

    /// Forgets the events that hold `subject`'s personal data (they are remembered as they read before an erasure).
    func forget(_ subject: String) {
        entries.withLock { entries in
            for (key, owner) in entries.subjects where owner == subject {
                entries.values[key] = nil
                entries.subjects[key] = nil
            }
        }
    }

    /// The remembered event of `id` under `C`, if any (`.some(nil)` when `C` does not know its type).
    func event<C: EventCodec>(_ id: EventID, codec _: C.Type) -> C.Event?? {
        let key = Key(event: id, codec: ObjectIdentifier(C.self))
        guard let found = entries.withLock({ $0.values[key] }) else { return nil }
        // The key names the codec, and only `Remembered<C>` is ever stored under a key naming `C`: no cast to check.
        return .some(unsafeDowncast(found, to: Remembered<C>.self).event)
    }
}

/// One codec's answer for a record, `nil` included (a class, so a lookup hands it back without a dynamic cast).
private final class Remembered<C: EventCodec>: Sendable {
    let event: C.Event?

    init(event: C.Event?) { self.event = event }
}
