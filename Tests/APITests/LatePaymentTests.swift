import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Ends a hold as its timer would, through the deciders, and (with `takenBy`) lets another customer hold the
/// same items at once. Written beside the server's own handlers: the server meets these events as a version
/// conflict on its next append to the streams, and decides again on what the log says.
private func expire(_ booking: String, show: String, takenBy other: String? = nil, items: Show.HoldRequest, log: LMDBEventLog) async throws {
    let later = Instant.now().adding(.hours(1))
    let shows = CommandHandler<Show>(log: log)
    let stream = try Show.stream(ShowID(show))
    _ = try await shows.handle(.expireHold(booking: BookingID(booking), now: later), on: stream)
    _ = try await CommandHandler<Booking>(log: log).handle(.expire(now: later), on: try Booking.stream(BookingID(booking)))
    if let other {
        _ = try await shows.handle(.hold(items, booking: BookingID("booking-of-\(other)"), customer: CustomerID(other), now: .now()), on: stream)
    }
}

@Suite("API: a payment that arrives after its hold ended")
struct LatePaymentTests {
    @Test func isHonouredWhileTheSeatsAreStillFree() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["E5"])
            let order = try await driver.order(asha, booking: held.bookingId)
            try await expire(held.bookingId, show: "demo-seated", items: .seats([SeatID("E5")]), log: log)
            let paid = try await driver.pay(order.orderId)
            let response = try await driver.verify(asha, booking: held.bookingId, paid)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try decode(ConfirmationReply.self, response).tickets.map(\.admits) == ["E5"])
            let sold = try #require(try await records("ItemsSold", in: log).first)
            #expect((try payloadJSON(sold)).contains(#""late":true"#))
        }
    }

    @Test func isRefundedInFullWhenTheSeatsWentToSomeoneElse() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["E6"])
            let order = try await driver.order(asha, booking: held.bookingId)
            try await expire(held.bookingId, show: "demo-seated", takenBy: "ravi", items: .seats([SeatID("E6")]), log: log)
            let paid = try await driver.pay(order.orderId)
            let response = try await driver.verify(asha, booking: held.bookingId, paid)
            #expect(response.status == .conflict, "\(String(buffer: response.body))")
            #expect(try decode(ErrorBody.self, response).error.code == "items_gone")
            #expect(try await records("BookingConfirmed", in: log).isEmpty)
            let requested = try #require(try await records("RefundRequested", in: log).first)
            #expect((try payloadJSON(requested)).contains("paymentUnfulfillable"))
            #expect((try payloadJSON(requested)).contains(#""minor":\#(order.amount)"#))
            #expect(try await eventually { try await records("RefundProcessed", in: log).count == 1 })
            // Told again (a retried verify, the webhook): still one refund.
            #expect(try await driver.verify(asha, booking: held.bookingId, paid).status == .conflict)
            #expect(try await records("RefundRequested", in: log).count == 1)
        }
    }

    /// The webhook told the server first and the payment is already refunded at the gateway: a verify then gives
    /// the same answer as a verify that came first (`items_gone`), not the gateway's "not captured".
    @Test func answersItemsGoneWhenTheWebhookRefundedItFirst() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["E7"])
            let order = try await driver.order(asha, booking: held.bookingId)
            try await expire(held.bookingId, show: "demo-seated", takenBy: "ravi", items: .seats([SeatID("E7")]), log: log)
            let paid = try await driver.pay(order.orderId)
            #expect(try await eventually { try await records("RefundProcessed", in: log).count == 1 })
            let response = try await driver.verify(asha, booking: held.bookingId, paid)
            #expect(response.status == .conflict, "\(String(buffer: response.body))")
            #expect(try decode(ErrorBody.self, response).error.code == "items_gone")
            #expect(try await records("RefundRequested", in: log).count == 1)
        }
    }
}
