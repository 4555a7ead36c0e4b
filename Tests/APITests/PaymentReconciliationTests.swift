@testable import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A hold of `seat` for `customer` started `age` ago with the demo's 10-minute hold period, its booking and its
/// expiry timer written as the hold route writes them: it expires `600 s - age` from now.
private func agedHold(_ seat: String, booking: String, customer: CustomerID, age: Duration, log: LMDBEventLog) async throws {
    let show = try Show.stream(ShowID("demo-seated"))
    let shows = CommandHandler<Show>(log: log)
    let outcome = try await shows.handle(
        .hold(.seats([SeatID(seat)]), booking: BookingID(booking), customer: customer, now: Instant.now().subtracting(age)), on: show)
    guard case .appended(let events, _) = outcome, case .itemsHeld(let held)? = events.first else {
        Issue.record("the hold was not appended")
        return
    }
    let state = try await shows.state(of: show)
    let terms = BookingTerms(show: ShowID("demo-seated"), customer: customer, items: held.items,
                             price: try #require(try state.price(of: held.items)), expiresAt: held.expiresAt,
                             refundPolicy: .standard, schedule: try #require(state.configuration).schedule)
    _ = try await CommandHandler<Booking>(log: log).handle(.start(terms), on: try Booking.stream(BookingID(booking)))
    try await log.schedule(HoldExpiryDue(show: ShowID("demo-seated"), booking: held.booking, expiresAt: held.expiresAt).scheduled())
}

private func bookingEvents(_ booking: String, in log: LMDBEventLog) async throws -> [String] {
    try await log.read(stream: try Booking.stream(BookingID(booking)), from: .first, direction: .forwards, limit: 100).map(\.type)
}

/// Payments the gateway captured but nobody reported (no verify, no webhook: the sandbox here sends none, as an
/// account without a webhook URL would): the server asks the gateway before the hold ends and on later checks, and
/// settles what it finds as verify would.
@Suite("Payments: reconciled with the gateway when nobody reported them")
struct PaymentReconciliationTests {
    @Test(.timeLimit(.minutes(2)))
    func aPaidHoldAboutToExpireIsConfirmedNotExpired() async throws {
        let owner = try await customer(DemoData.customer.rawValue)
        try await withDemoServerStores(sandboxWebhooks: false) { client, log, _ in
            let driver = CheckoutDriver(client: client)
            try await agedHold("B1", booking: "booking-reconciled", customer: DemoData.customer, age: .seconds(590), log: log)
            let order = try await driver.order(owner, booking: "booking-reconciled")
            _ = try await driver.pay(order.orderId)
            #expect(try await eventually(within: .seconds(40)) {
                try await bookingEvents("booking-reconciled", in: log).contains("BookingConfirmed")
            })
            #expect(try await !bookingEvents("booking-reconciled", in: log).contains("BookingExpired"))
            #expect(try await records("ItemsSold", in: log).count == 1)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func anOrderStillOpenWhenItsHoldExpiredIsCheckedLaterAndALatePaymentSettled() async throws {
        let owner = try await customer(DemoData.customer.rawValue)
        try await withDemoServerStores(sandboxWebhooks: false) { client, log, _ in
            let driver = CheckoutDriver(client: client)
            try await agedHold("B2", booking: "booking-late", customer: DemoData.customer, age: .seconds(590), log: log)
            let order = try await driver.order(owner, booking: "booking-late")
            #expect(try await eventually(within: .seconds(40)) { try await bookingEvents("booking-late", in: log).contains("BookingExpired") })
            // Paid after the hold ended, told to nobody.
            _ = try await driver.pay(order.orderId)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await !bookingEvents("booking-late", in: log).contains("BookingConfirmed"))
            // The expiry left the first check, a minute out; it is brought forward rather than waited for.
            let check = try PaymentCheckDue(booking: BookingID("booking-late"), attempt: 0).scheduled(after: .now().subtracting(.seconds(61)))
            #expect(try await log.cancelSchedule(check.id), "the expiry scheduled no payment check")
            try await log.schedule(check)
            #expect(try await eventually(within: .seconds(10)) { try await bookingEvents("booking-late", in: log).contains("BookingConfirmed") })
            let sold = try #require(try await records("ItemsSold", in: log).first)
            #expect((try payloadJSON(sold)).contains(#""late":true"#))
            // Settled: no further check is owed.
            #expect(try await log.cancelSchedule(check.id) == false)
        }
    }

    @Test func releasingAHoldTheGatewaySaysWasPaidConfirmsItAndVerifyGivesTheSameTickets() async throws {
        let asha = try await customer("asha")
        try await withDemoServerStores(sandboxWebhooks: false) { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C3"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let paid = try await driver.pay(order.orderId)
            let release = try await driver.post("/api/booking/release", asha, #"{"bookingId":"\#(held.bookingId)","eventId":"demo-seated"}"#)
            #expect(release.status == .conflict, "\(String(buffer: release.body))")
            #expect(try await bookingEvents(held.bookingId, in: log) == ["BookingStarted", "OrderCreated", "BookingConfirmed"])
            let verified = try await driver.verify(asha, booking: held.bookingId, paid)
            #expect(verified.status == .ok, "\(String(buffer: verified.body))")
            #expect(try decode(ConfirmationReply.self, verified).tickets.map(\.admits) == ["C3"])
            #expect(try await records("BookingConfirmed", in: log).count == 1)
        }
    }

    @Test func holdingAgainAfterPayingConfirmsThePaidHoldInsteadOfReplacingIt() async throws {
        let asha = try await customer("asha")
        try await withDemoServerStores(sandboxWebhooks: false) { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let first = try await driver.hold(asha, seats: ["C4"])
            let order = try await driver.order(asha, booking: first.bookingId)
            _ = try await driver.pay(order.orderId)
            let second = try await driver.hold(asha, seats: ["C5"])
            #expect(try await bookingEvents(first.bookingId, in: log) == ["BookingStarted", "OrderCreated", "BookingConfirmed"])
            #expect(try await bookingEvents(second.bookingId, in: log) == ["BookingStarted"])
            #expect(try await records("HoldReleased", in: log).isEmpty)
        }
    }

    @Test func anUnpaidOrderReleasedLeavesAPaymentCheckBehind() async throws {
        let asha = try await customer("asha")
        try await withDemoServerStores(sandboxWebhooks: false) { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C6"])
            _ = try await driver.order(asha, booking: held.bookingId)
            let release = try await driver.post("/api/booking/release", asha, #"{"bookingId":"\#(held.bookingId)","eventId":"demo-seated"}"#)
            #expect(release.status == .ok, "\(String(buffer: release.body))")
            let check = try PaymentCheckDue(booking: BookingID(held.bookingId), attempt: 0).scheduled(after: .now())
            #expect(try await log.cancelSchedule(check.id))
        }
    }
}
