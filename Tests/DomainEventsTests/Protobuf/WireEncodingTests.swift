import Domain
import EventStore
@testable import DomainEvents
import Foundation
import SwiftProtobuf
import Testing

/// The hand encoders of a hold's records (`ItemsHeld`, `BookingStarted`, `HoldExpiryDue`) write exactly the bytes
/// swift-protobuf writes for the generated messages: on random events (zeros, extremes, empty and non-ASCII strings,
/// empty lists), and in the payloads the log is given.
@Suite("Protobuf payloads: hand encoders against the generated messages")
struct WireEncodingTests {
    private func generated<C: ProtobufEvents>(_: C.Type, _ event: C.Event) throws -> [UInt8] {
        try C.message(event).message.serializedBytes()
    }

    @Test(arguments: 0..<4)
    func randomHoldRecordsAreWrittenByHandAsTheGeneratedMessagesWriteThem(seed: UInt64) throws {
        var random = RandomEvents(seed: seed)
        for _ in 0..<300 {
            let held = ItemsHeld(booking: BookingID(random.text()), customer: CustomerID(random.text()), items: random.items(),
                                 expiresAt: random.instant(), participants: nil)
            #expect(SaleWire.write(held) == (try generated(Show.self, .itemsHeld(held))), "seed \(seed): \(held)")

            let terms = BookingTerms(show: ShowID(random.text()), customer: CustomerID(random.text()), items: random.items(), price: random.price(),
                                     expiresAt: random.instant(), refundPolicy: random.policy(), schedule: random.schedule())
            let started = BookingStarted(terms: terms)
            #expect(SaleWire.write(started) == (try generated(Booking.self, .started(started))), "seed \(seed): \(terms)")

            let due = HoldExpiryDue(show: ShowID(random.text()), booking: BookingID(random.text()), expiresAt: random.instant())
            #expect(SaleWire.write(due) == (try generated(HoldExpiryTimer.self, due)), "seed \(seed): \(due)")
        }
    }

    @Test func aRegistrationsHoldNamingParticipantsGoesThroughTheGeneratedMessage() throws {
        let held = ItemsHeld(booking: BookingID("b"), customer: CustomerID("c"), items: .tickets([CategoryID("ga"): 2]),
                             expiresAt: Instant(millisecondsSince1970: 5), participants: [Participant(answers: ["name": "Asha"])])
        #expect(SaleWire.write(held) == nil)
        // One nonce for every box, so that both encodings seal the answers to the same bytes.
        try PersonalKeyRing.$override.withValue(PersonalKeyRing(store: MemoryKeyStore(), nonces: { Array(repeating: 1, count: 12) })) {
            let payload = try ProtobufFormat.payload(Show.self, .itemsHeld(held))
            #expect(payload.type == "ItemsHeld")
            #expect(Array(payload.payload) == [ProtobufFormat.marker] + (try generated(Show.self, .itemsHeld(held))))
        }
    }

    @Test func theLogIsGivenTheMarkerAndTheHandWrittenBytesUnderTheMessagesName() throws {
        let held = ItemsHeld(booking: BookingID("b-1"), customer: CustomerID("c-1"), items: .seats([SeatID("A2"), SeatID("A10")]),
                             expiresAt: Instant(millisecondsSince1970: 1_800_000_000_000), participants: nil)
        let record = try EventEncoding.newEvents(Show.self, [.itemsHeld(held)])[0]
        #expect(record.type == "ItemsHeld")
        #expect(Array(record.payload) == [ProtobufFormat.marker] + (try generated(Show.self, .itemsHeld(held))))
        #expect(try Show.event(type: "ItemsHeld", ProtobufPayload(bytes: record.payload.dropFirst())) == .itemsHeld(held))
    }
}
