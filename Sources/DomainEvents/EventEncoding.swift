import CompactCoding
public import Domain
public import EventStore
import Foundation
import Synchronization

/// Domain events to log records and back, under the stored type names the domain declares. Payloads are written
/// as the protobuf messages of `schema/tktplz/events/v1` (`ProtobufEvents`), behind a format byte. Payloads of
/// earlier versions still decode: `CompactCoding` (the domain's own Codable shape in a binary form) and JSON before
/// it. `tktplz log dump` shows every payload as JSON (`jsonPayload(of:)`).
public enum EventEncoding {
    /// Records to append for `events`, each with a fresh id and the request's correlation. The writer knows the
    /// events it appends, so they are remembered by id: the projections, reactors and rooms of this process that
    /// read these records next find them decoded and never parse their payloads (golden and round-trip tests hold
    /// every event to decoding as itself, so a follower sees exactly what a replay of the log would decode).
    public static func newEvents<C: ProtobufEvents>(
        _: C.Type, _ events: [C.Event], correlation: CorrelationID? = nil, causation: EventID? = nil
    ) throws(EncodingFailure) -> [NewEvent] {
        var encoded: [NewEvent] = []
        encoded.reserveCapacity(events.count)
        for event in events {
            let record = try newEvent(C.self, event, id: .random(), correlation: correlation, causation: causation)
            DecodedEvents.shared.remember(event, id: record.id, codec: C.self, subject: C.personalSubject(of: event))
            encoded.append(record)
        }
        return encoded
    }

    /// One record to append for `event`, under `id`, not remembered (a timer's, read back long after).
    static func newEvent<C: ProtobufEvents>(
        _: C.Type, _ event: C.Event, id: EventID, correlation: CorrelationID? = nil, causation: EventID? = nil
    ) throws(EncodingFailure) -> NewEvent {
        do {
            let stored = try ProtobufFormat.payload(C.self, event)
            return NewEvent(id: id, type: stored.type, payload: stored.payload, correlationID: correlation, causationID: causation)
        } catch {
            throw EncodingFailure(type: C.encode(event).type, cause: error)
        }
    }

    /// Forgets the decoded events this process remembers that hold `subject`'s personal values: an erasure makes
    /// them stale (they are read again, from the log, through the key ring).
    public static func forgetDecoded(of subject: String) { DecodedEvents.shared.forget(subject) }

    /// Counts the payloads parsed in the current task and the tasks it starts, when set: how a test shows that
    /// followers of this process's own appends parse nothing.
    @TaskLocal public static var parsedPayloads: ParsedPayloads?

    /// The domain event of a record, or `nil` when `C` does not know its type.
    public static func decode<C: ProtobufEvents>(_: C.Type, _ record: RecordedEvent) throws(EncodingFailure) -> C.Event? {
        if let remembered = DecodedEvents.shared.event(record.id, codec: C.self) { return remembered }
        do {
            let event = try decodePayload(C.self, type: record.type, record.payload)
            DecodedEvents.shared.remember(event, id: record.id, codec: C.self, subject: event.flatMap(C.personalSubject(of:)))
            return event
        } catch {
            throw EncodingFailure(type: record.type, cause: error)
        }
    }

    /// Decodes a payload of any format, without the cache.
    static func decodePayload<C: ProtobufEvents>(_: C.Type, type: String, _ payload: Data) throws -> C.Event? {
        parsedPayloads?.count()
        if ProtobufFormat.isProtobuf(payload) { return try ProtobufFormat.event(C.self, type: type, payload) }
        if CompactFormat.isCompact(payload) {
            var decoder = CompactDecoder()
            decoder.userInfo[StoredTypeBox<C>.typeKey] = type
            return try payload.withUnsafeBytes { try decoder.decode(StoredTypeBox<C>.self, from: $0) }.event
        }
        let decoder = JSONDecoder()
        decoder.userInfo[StoredTypeBox<C>.typeKey] = type
        return try decoder.decode(StoredTypeBox<C>.self, from: payload).event
    }
}

/// A count of parsed payloads (`EventEncoding.parsedPayloads`).
public final class ParsedPayloads: Sendable {
    private let parsed = Atomic<Int>(0)

    public init() {}

    public var value: Int { parsed.load(ordering: .relaxed) }

    func count() { parsed.add(1, ordering: .relaxed) }
}

/// A payload that would not encode or decode: a bug or a storage-contract break, never bad user input.
public struct EncodingFailure: Error, CustomStringConvertible {
    public var type: String
    public var cause: any Error

    public init(type: String, cause: any Error) {
        self.type = type
        self.cause = cause
    }

    public var description: String { "event type \(type) could not be encoded or decoded: \(cause)" }
}

/// Hands the stored type name to the codec through the decoder's user info.
private struct StoredTypeBox<C: EventCodec>: Decodable {
    static var typeKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "tktplz.storedType")! }
    let event: C.Event?

    init(from decoder: any Decoder) throws {
        event = try C.decode(type: decoder.userInfo[Self.typeKey] as? String ?? "", from: decoder)
    }
}
