public import Domain
public import EventStore
import Foundation

/// Domain events to log records and back: JSON payloads under the stored type names the domain declares.
public enum EventEncoding {
    // Sorted keys make the same event always the same bytes.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Records to append for `events`, each with a fresh id and the request's correlation.
    public static func newEvents<C: EventCodec>(
        _: C.Type, _ events: [C.Event], correlation: CorrelationID? = nil, causation: EventID? = nil
    ) throws(EncodingFailure) -> [NewEvent] {
        var encoded: [NewEvent] = []
        encoded.reserveCapacity(events.count)
        for event in events {
            let stored = C.encode(event)
            do {
                let payload = try encoder.encode(stored.payload)
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
        let decoder = JSONDecoder()
        decoder.userInfo[StoredTypeBox<C>.typeKey] = record.type
        do {
            let event = try decoder.decode(StoredTypeBox<C>.self, from: record.payload).event
            DecodedEvents.shared.remember(event, id: record.id, codec: C.self)
            return event
        } catch {
            throw EncodingFailure(type: record.type, cause: error)
        }
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
