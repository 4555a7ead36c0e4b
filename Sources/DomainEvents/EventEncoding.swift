import CompactCoding
public import Domain
public import EventStore
import Foundation

/// Domain events to log records and back, under the stored type names the domain declares. Payloads are written
/// in `CompactFormat` (the domain's own Codable shape, keys and all, in a binary form): Foundation's JSON was the
/// largest single cost of a hold and of a projection rebuild. Payloads written as JSON (logs from before) still
/// decode, and `tktplz log dump` shows every payload as JSON (`jsonPayload(of:)`).
public enum EventEncoding {
    // Fields in declaration order and dictionaries in key order: the same event is always the same bytes.
    private static let encoder = CompactEncoder()

    /// Records to append for `events`, each with a fresh id and the request's correlation.
    public static func newEvents<C: EventCodec>(
        _: C.Type, _ events: [C.Event], correlation: CorrelationID? = nil, causation: EventID? = nil
    ) throws(EncodingFailure) -> [NewEvent] {
        var encoded: [NewEvent] = []
        encoded.reserveCapacity(events.count)
        for event in events {
            let stored = C.encode(event)
            do {
                let payload = Data(try encoder.encode(stored.payload))
                encoded.append(NewEvent(id: .random(), type: stored.type, payload: payload, correlationID: correlation, causationID: causation))
            } catch {
                throw EncodingFailure(type: stored.type, cause: error)
            }
        }
        return encoded
    }

    /// The domain event of a record, or `nil` when `C` does not know its type.
    public static func decode<C: EventCodec>(_: C.Type, _ record: RecordedEvent) throws(EncodingFailure) -> C.Event? {
        if let remembered = DecodedEvents.shared.event(record.id, codec: C.self) { return remembered }
        do {
            let event = try decodePayload(C.self, type: record.type, record.payload)
            DecodedEvents.shared.remember(event, id: record.id, codec: C.self)
            return event
        } catch {
            throw EncodingFailure(type: record.type, cause: error)
        }
    }

    /// Decodes a payload of either format, without the cache.
    static func decodePayload<C: EventCodec>(_: C.Type, type: String, _ payload: Data) throws -> C.Event? {
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
