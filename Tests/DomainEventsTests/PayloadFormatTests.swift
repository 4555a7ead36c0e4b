import CompactCoding
import Domain
@testable import DomainEvents
import EventStore
import Foundation
import Testing

@Suite struct PayloadFormatTests {
    let held = Show.Event.itemsHeld(ItemsHeld(
        booking: BookingID("booking-1"), customer: CustomerID("asha"), items: .seats([SeatID("E5"), SeatID("E6")]),
        expiresAt: Instant(millisecondsSince1970: 1_900_000_000_000)))

    private func recorded(_ event: NewEvent) throws -> RecordedEvent {
        RecordedEvent(
            position: GlobalPosition(1), stream: try Show.stream(ShowID("s1")), streamVersion: StreamVersion(0),
            type: event.type, recordedAt: Date(), id: event.id, correlationID: nil, causationID: nil, payload: event.payload, hash: .genesis)
    }

    @Test func newEventsAreStoredAsProtobufAndDecodeToTheSameEvent() throws {
        let stored = try #require(try EventEncoding.newEvents(Show.self, [held]).first)
        #expect(stored.type == "ItemsHeld")
        #expect(ProtobufFormat.isProtobuf(stored.payload))
        // Decoded straight from the bytes, not from the cache of decoded events.
        #expect(try EventEncoding.decodePayload(Show.self, type: stored.type, stored.payload) == held)
    }

    @Test func aCompactPayloadOfAnEarlierVersionStillDecodes() throws {
        let compact = Data(try CompactEncoder().encode(Show.encode(held).payload))
        #expect(CompactFormat.isCompact(compact))
        #expect(try EventEncoding.decodePayload(Show.self, type: "ItemsHeld", compact) == held)
    }

    @Test func aBinaryPayloadIsShownAsTheJSONOfTheDomainsCodableShape() throws {
        let stored = try #require(try EventEncoding.newEvents(Show.self, [held]).first)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(Show.encode(held).payload)
        #expect(try EventEncoding.jsonPayload(of: recorded(stored)) == expected)
        #expect(String(decoding: try EventEncoding.jsonPayload(of: recorded(stored)), as: UTF8.self).contains(#""seats":["E5","E6"]"#))
    }

    @Test func aPayloadWrittenAsJSONStillDecodes() throws {
        // Logs written before payloads were compact hold JSON; they read back unchanged.
        let json = try JSONEncoder().encode(Show.encode(held).payload)
        #expect(try EventEncoding.decodePayload(Show.self, type: "ItemsHeld", json) == held)
        let record = try recorded(NewEvent(id: .random(), type: "ItemsHeld", payload: json))
        #expect(try EventEncoding.jsonPayload(of: record) == json)
    }
}
