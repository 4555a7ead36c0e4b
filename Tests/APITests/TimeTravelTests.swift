@testable import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

private struct AsOf: Decodable, Equatable {
    struct Seat: Decodable, Equatable { var seat: String; var state: String; var bookingId: String? }
    struct Booking: Decodable, Equatable { var bookingId: String; var status: String; var paid: Money?; var refund: Money? }
    struct Entry: Decodable, Equatable { var position: UInt64; var bookingId: String; var kind: String; var amount: Money }
    var position: UInt64
    var seats: [Seat]?
    var bookings: [Booking]
    var ledger: [Entry]
    var gross: Money
    var refunds: Money

    func seat(_ id: String) -> Seat? { seats?.first { $0.seat == id } }
}

private struct Line: Decodable { var position: UInt64; var type: String; var actor: String?; var amount: Money? }

/// Time travel and audits over a real history: a hold, a payment, a hold that expires and a refund, each answered
/// as of the positions around it by the library, the admin route and the tools.
@Suite("Audit: time travel and the stories of seats, bookings and payouts")
struct TimeTravelTests {
    @Test(.timeLimit(.minutes(1)))
    func answersBeforeAndAfterAHoldAPaymentAnExpiryAndARefund() async throws {
        try await withDemoServerStores(seededAt: .now(), firstAdmin: "root@example.com") { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let (asha, ravi) = (try await customer("asha"), try await customer("ravi"))
            let seeded = try await log.head()
            let held = try await driver.hold(asha, seats: ["A1", "A2"])
            let afterHold = try await log.head()
            let order = try await driver.order(asha, booking: held.bookingId)
            let verified = try await driver.verify(asha, booking: held.bookingId, try await driver.pay(order.orderId))
            #expect(verified.status == .ok)
            let afterPayment = try await log.head()
            // Ravi's hold expires: its timer record arrives as the scheduler would append it, and the reactor acts.
            let lapsing = try await driver.hold(ravi, seats: ["B1"])
            let show = try Show.stream(ShowID("demo-seated"))
            let expiresAt = try #require(try await CommandHandler<Show>(log: log).state(of: show).holds[BookingID(lapsing.bookingId)]).expiresAt
            let timer = try HoldExpiryDue(show: ShowID("demo-seated"), booking: BookingID(lapsing.bookingId), expiresAt: expiresAt).scheduled()
            let beforeExpiry = try await log.head()
            _ = try await log.append(timer.event, to: timer.stream, expecting: .any)
            let lapsedStream = try Booking.stream(BookingID(lapsing.bookingId))
            while try await log.history(of: lapsedStream).last?.type != "BookingExpired" { try await Task.sleep(for: .milliseconds(50)) }
            let afterExpiry = try await log.head()
            #expect(try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(held.bookingId)"}"#).status == .ok)
            let afterRefund = try await log.head()

            let admin = try await enrolFirstAdmin("root@example.com", driver)
            func asOf(_ position: GlobalPosition) async throws -> AsOf {
                let response = try await driver.get("/api/admin/events/demo-seated/as-of?position=\(position.rawValue)", admin)
                try #require(response.status == .ok, "\(String(buffer: response.body))")
                return try decode(AsOf.self, response)
            }
            let (a1, b1) = ("A1", "B1")
            #expect(try await asOf(seeded).seat(a1)?.state == "free")
            #expect(try await asOf(afterHold).seat(a1) == AsOf.Seat(seat: a1, state: "held", bookingId: held.bookingId))
            let paid = try await asOf(afterPayment)
            #expect(paid.seat(a1)?.state == "sold" && paid.seat("A2")?.state == "sold")
            #expect(paid.ledger.map(\.kind) == ["paid"] && paid.gross.minor == Int64(order.amount))
            #expect(try await asOf(beforeExpiry).seat(b1)?.state == "held")
            let expired = try await asOf(afterExpiry)
            #expect(expired.seat(b1)?.state == "free" && expired.bookings.first { $0.bookingId == lapsing.bookingId }?.status == "expired")
            let refunded = try await asOf(afterRefund)
            #expect(refunded.seat(a1)?.state == "free")
            #expect(refunded.ledger.map(\.kind) == ["paid", "refunded"] && refunded.refunds == refunded.ledger[1].amount)
            #expect(refunded.bookings.first { $0.bookingId == held.bookingId }?.refund == refunded.ledger[1].amount)
            // The same answers by time, and only for admins.
            let holdRecord = try #require(try await log.read(from: afterHold, limit: 1).first)
            let millis = Int64((holdRecord.recordedAt.timeIntervalSince1970 * 1000).rounded(.up))
            let byTime = try decode(AsOf.self, try await driver.get("/api/admin/events/demo-seated/as-of?at=\(millis)", admin))
            #expect(byTime.position >= afterHold.rawValue && byTime.position < afterPayment.rawValue)
            #expect(try await driver.get("/api/admin/events/demo-seated/as-of?position=1", try await organizer()).status == .forbidden)
            #expect(try await driver.get("/api/admin/events/demo-seated/as-of", admin).status == .badRequest)

            // The tools read the same log beside the running server.
            let dataDir = URL(fileURLWithPath: log.path).deletingLastPathComponent().path
            let replay = try await ToolProcess.run(["replay", "--data-dir", dataDir, "--position", "\(afterPayment.rawValue)", "--show", "demo-seated", "--json"])
            #expect(replay.status == 0, "\(replay.errors)")
            #expect(try JSONDecoder().decode(AsOf.self, from: Data(replay.output.utf8)) == paid)
            let table = try await ToolProcess.run(["replay", "--data-dir", dataDir, "--position", "\(afterHold.rawValue)", "--show", "demo-seated"])
            #expect(table.output.contains("A   h h . . ."), "\(table.output)")

            let story = try await ToolProcess.run(["audit", "booking", held.bookingId, "--data-dir", dataDir, "--json"])
            let lines = try story.output.split(separator: "\n").map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
            // In the order the log holds them; the gateway's refund progress may follow, as its webhooks arrive.
            let told = ["ItemsHeld", "BookingStarted", "OrderCreated", "ItemsSold", "BookingConfirmed", "RefundRequested", "ItemsReturned"]
            #expect(lines.map(\.type).starts(with: told), "\(lines.map(\.type))")
            #expect(Set(lines.map(\.type).dropFirst(told.count)).isSubset(of: ["RefundProcessing", "RefundProcessed"]))
            #expect(lines.map(\.position) == lines.map(\.position).sorted())
            #expect(lines.first { $0.type == "BookingConfirmed" }?.amount?.minor == Int64(order.amount))
            #expect(lines.first { $0.type == "ItemsHeld" }?.actor == "customer asha")
            let seat = try await ToolProcess.run(["audit", "seat", "demo-seated", "B1", "--data-dir", dataDir])
            #expect(seat.status == 0 && seat.output.contains("HoldExpired") && seat.output.contains("BookingExpired") && !seat.output.contains("A1, A2"), "\(seat.output)")
            let payout = try await ToolProcess.run(["audit", "payout", "demo-seated", "--data-dir", dataDir, "--json"])
            let money = try payout.output.split(separator: "\n").map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
            #expect(money.map(\.type).starts(with: ["BookingConfirmed", "RefundRequested"]) && money.compactMap(\.amount) == refunded.ledger.map(\.amount))
            let none = try await ToolProcess.run(["audit", "booking", "no-such-booking", "--data-dir", dataDir])
            #expect(none.status != 0 && none.errors.contains("no booking no-such-booking"))
        }
    }
}
