import Domain
@testable import DomainEvents
import EventStore
import Foundation
import Testing

/// The hand decoders of a sale's records (`SaleWire`) read exactly what the generated messages read: random events
/// of those types decode the same both ways, and every truncation and every single-byte corruption of their
/// payloads is refused by both or read the same by both.
@Suite("Protobuf payloads: hand decoders against the generated messages")
struct WireDecodingTests {
    static let hot: Set<String> = ["ItemsHeld", "ItemsSold", "HoldExpired", "HoldReleased", "BookingStarted", "OrderCreated", "BookingConfirmed"]

    private func payloads(seed: UInt64) throws -> [(type: String, payload: Data, show: Show.Event?, booking: Booking.Event?)] {
        var random = RandomEvents(seed: seed)
        var found: [(String, Data, Show.Event?, Booking.Event?)] = []
        while found.count < 300 {
            let show = random.show(), booking = random.booking()
            let shown = try EventEncoding.newEvents(Show.self, [show])[0], booked = try EventEncoding.newEvents(Booking.self, [booking])[0]
            if Self.hot.contains(shown.type) { found.append((shown.type, shown.payload, show, nil)) }
            if Self.hot.contains(booked.type) { found.append((booked.type, booked.payload, nil, booking)) }
        }
        return found
    }

    /// A decoder's answer for a payload: its event, or that it refused the payload.
    enum Answer<Event: Equatable>: Equatable {
        case read(Event?)
        case refused
    }

    private func answer<Event: Equatable>(_ decode: () throws -> Event?) -> Answer<Event> {
        do { return .read(try decode()) } catch { return .refused }
    }

    /// Whether both decoders answer `payload` alike, or (`lenient`) one of them refused it.
    private func alike(_ type: String, _ payload: Data, lenient: Bool = false) -> Bool {
        let bytes = ProtobufPayload(bytes: payload.dropFirst())
        if ["BookingStarted", "OrderCreated", "BookingConfirmed"].contains(type) {
            let hand = answer { try Booking.event(type: type, bytes) }, generated = answer { try Booking.generatedEvent(type: type, bytes) }
            return hand == generated || (lenient && (hand == .refused || generated == .refused))
        }
        let hand = answer { try Show.event(type: type, bytes) }, generated = answer { try Show.generatedEvent(type: type, bytes) }
        return hand == generated || (lenient && (hand == .refused || generated == .refused))
    }

    @Test(arguments: 0..<4)
    func randomSaleRecordsDecodeByHandAsThroughTheGeneratedMessages(seed: UInt64) throws {
        for (type, payload, show, booking) in try payloads(seed: seed) {
            let bytes = ProtobufPayload(bytes: payload.dropFirst())
            if let show {
                #expect(try Show.event(type: type, bytes) == show, "seed \(seed): \(type)")
                #expect(try Show.generatedEvent(type: type, bytes) == show, "seed \(seed): \(type)")
            }
            if let booking {
                #expect(try Booking.event(type: type, bytes) == booking, "seed \(seed): \(type)")
                #expect(try Booking.generatedEvent(type: type, bytes) == booking, "seed \(seed): \(type)")
            }
        }
    }

    @Test func truncatedAndCorruptedPayloadsAreReadAlikeOrRefusedByBoth() throws {
        var checked = 0
        // Payloads of at most 300 bytes: every cut and every flipped byte of each, a few hundred thousand decodes.
        for (type, payload, _, _) in try payloads(seed: 99).filter({ $0.payload.count <= 1100 }).prefix(60) {
            for cut in 1..<payload.count {
                #expect(alike(type, payload.prefix(cut)), "\(type) cut at \(cut)")
                checked += 1
            }
            for index in 1..<payload.count {
                for flip: UInt8 in [0x01, 0x80, 0xFF] {
                    var corrupted = payload
                    corrupted[corrupted.startIndex + index] ^= flip
                    // A corrupted tag may turn a known field into another wire type, which the generated decoder
                    // refuses and the hand decoder skips as unknown: either both read the same event, or one refused.
                    #expect(alike(type, corrupted, lenient: true), "\(type) byte \(index) ^ \(flip): \(corrupted.map { String(format: "%02x", $0) }.joined())")
                    checked += 1
                }
            }
        }
        #expect(checked > 1_000)
    }
}
