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
        /// Keys in insertion order, a ring: the oldest is forgotten first.
        var order: [Key?]
        var next = 0

        init(capacity: Int) { order = Array(repeating: nil, count: capacity) }

        mutating func insert(_ value: AnyObject, for key: Key) {
            guard values.updateValue(value, forKey: key) == nil else { return }
            if let oldest = order[next] { values[oldest] = nil }
            order[next] = key
            next = (next + 1) % order.count
        }
    }

    static let shared = DecodedEvents(capacity: 32_768)

    private let entries: Mutex<Entries>

    init(capacity: Int) {
        entries = Mutex(Entries(capacity: capacity))
    }

    func remember<C: EventCodec>(_ event: C.Event?, id: EventID, codec _: C.Type) {
        let key = Key(event: id, codec: ObjectIdentifier(C.self))
        let remembered = Remembered<C>(event: event)
        entries.withLock { $0.insert(remembered, for: key) }
    }

    /// Forgets every event: after an erasure, whose events are remembered with what it erased.
    func removeAll() {
        entries.withLock { entries in
            entries.values.removeAll()
            for index in entries.order.indices { entries.order[index] = nil }
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
