import Domain
import Foundation
import Testing

/// Stored form of events: the exact JSON a payload is written as, and the event it reads back as.
enum Golden {
    static func json<C: EventCodec>(_: C.Type, _ event: C.Event) throws -> (type: String, json: String) {
        let stored = C.encode(event)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (stored.type, String(decoding: try encoder.encode(stored.payload), as: UTF8.self))
    }

    static func decode<C: EventCodec>(_: C.Type, type: String, json: String) throws -> C.Event? {
        let decoder = JSONDecoder()
        decoder.userInfo[DecodingBox<C>.typeKey] = type
        return try decoder.decode(DecodingBox<C>.self, from: Data(json.utf8)).event
    }
}

/// Hands the stored type name to the codec through the decoder's user info.
struct DecodingBox<C: EventCodec>: Decodable {
    static var typeKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "storedType")! }
    let event: C.Event?

    init(from decoder: any Decoder) throws {
        let type = decoder.userInfo[Self.typeKey] as? String ?? ""
        event = try C.decode(type: type, from: decoder)
    }
}

/// Encode → literal → decode: a change to the storage contract fails here.
func expectGolden<C: EventCodec>(
    _ codec: C.Type, _ event: C.Event, type: String, json: String, sourceLocation: SourceLocation = #_sourceLocation
) throws where C.Event: Equatable {
    let stored = try Golden.json(codec, event)
    #expect(stored.type == type, sourceLocation: sourceLocation)
    #expect(stored.json == json, sourceLocation: sourceLocation)
    #expect(try Golden.decode(codec, type: type, json: json) == event, sourceLocation: sourceLocation)
}
