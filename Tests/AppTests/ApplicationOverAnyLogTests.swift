import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Projections
import Testing
import TestSupport

/// The application layer over a second `EventLog` (in memory, no LMDB): a hold, a payment, an expiry and a
/// refund, each through the same processes the server runs. The seam the PostgreSQL backend will plug into.
@Suite("App: a hold, a payment, an expiry and a refund over an in-memory log")
struct ApplicationOverAnyLogTests {
    let log = InMemoryEventLog()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-app-\(UUID().uuidString)")
    let show = DemoData.shows[.seating]!
    let now = Instant.now()

    struct Processes {
        var shows: CommandHandler<Show>
        var bookings: CommandHandler<Booking>
        var gateway: SandboxGateway
        var holds: HoldProcess
        var checkout: Checkout
        var refunds: Refunds
        var reconciliation: PaymentReconciliation
    }

    func processes() async throws -> Processes {
        let logger = Logger(label: "app-tests")
        let shows = CommandHandler<Show>(log: log)
        let bookings = CommandHandler<Booking>(log: log)
        let gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "key", webhookSecret: "webhook"),
                                         journal: scratch.appendingPathComponent("journal.jsonl"))
        let booking = BookingProcesses(log: log, shows: shows, bookings: bookings, customers: CommandHandler<Customer>(log: log),
                                       gateway: gateway, mailer: OutboxMailer(directory: scratch.appendingPathComponent("outbox")), logger: logger)
        return Processes(shows: shows, bookings: bookings, gateway: gateway, holds: booking.holds, checkout: booking.checkout,
                         refunds: booking.refunds, reconciliation: booking.reconciliation)
    }

    func seats(_ labels: String...) -> Show.HoldRequest { .seats(Set(labels.map { SeatID($0) })) }

    @Test func aHoldIsPaidAnotherExpiresAndThePaidOneIsRefundedWithTheSeatsBackOnSale() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        #expect(try await DemoData.seedIfEmpty(log: log, now: now))
        let app = try await processes()
        let asha = CustomerID("asha"), ravi = CustomerID("ravi")

        // A hold: the show's hold, the booking and its timer in one commit.
        let paid = try await app.holds.hold(seats("A1", "A2"), show: show, customer: asha, now: now)
        #expect(paid.price.total == Money(minor: 2 * 25_000 + paid.price.fees.minor))
        #expect(try await app.bookings.state(of: Booking.stream(paid.booking)).status == .held)
        #expect(try await log.nextDueTime() != nil, "the hold's expiry is scheduled")

        // A payment: an order at the gateway, paid there, confirmed by the booking, the seats sold.
        let order = try await app.checkout.order(for: paid.booking, customer: asha, now: now)
        let payment = try await app.gateway.pay(order.order.id, succeed: true)
        let confirmed = try await app.checkout.confirm(paid.booking, order: order.order.id, payment: payment.paymentID, now: now)
        #expect(confirmed.state.status == .confirmed)
        #expect(confirmed.state.tickets.count == 2)

        // An expiry: another customer's hold runs out; the scheduler fires its timer and the reactor ends it.
        let lapsing = try await app.holds.hold(seats("A3"), show: show, customer: ravi, now: now)
        let fired = try await log.appendDue(asOf: Date(timeIntervalSince1970: Double(lapsing.expiresAt.rawValue) / 1000 + 1), limit: 100)
        #expect(!fired.isEmpty)
        let store = try ProjectionStore(path: scratch.appendingPathComponent("views").path, durable: false)
        let reactor = HoldExpiryReactor(log: log, store: store, shows: app.shows, bookings: app.bookings,
                                        reconciliation: app.reconciliation, logger: Logger(label: "app-tests"))
        try await reactor.handle(try await log.read(from: fired.min()!, limit: 100))
        #expect(try await app.bookings.state(of: Booking.stream(lapsing.booking)).status == .expired)
        var state = try await app.shows.state(of: Show.stream(show))
        #expect(state.seatTakenBy[SeatID("A3")] == nil, "the expired hold's seat is free again")
        #expect(state.seatTakenBy[SeatID("A1")] == paid.booking, "the paid seats stay sold")

        // A refund: the customer cancels under the show's policy; the seats go back on sale, the gateway is asked.
        let refunded = try await app.refunds.cancel(paid.booking, customer: asha, now: now)
        #expect(refunded.state.refund?.amount == confirmed.state.terms?.price.total)
        state = try await app.shows.state(of: Show.stream(show))
        #expect(state.seatTakenBy[SeatID("A1")] == nil && state.seatTakenBy[SeatID("A2")] == nil)
        #expect(try await app.gateway.refunds(of: payment.paymentID).count == 1)

        // The same history, read back from the log: every process wrote through `EventLog` alone.
        let types = try await log.history(of: Booking.stream(paid.booking)).map(\.type)
        #expect(types.contains("BookingConfirmed") && types.contains("RefundRequested"))
    }

    @Test func aFailureIsTypedNeverHTTP() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try await DemoData.seedIfEmpty(log: log, now: now)
        let app = try await processes()
        _ = try await app.holds.hold(seats("B1"), show: show, customer: CustomerID("asha"), now: now)
        do {
            _ = try await app.holds.hold(seats("B1"), show: show, customer: CustomerID("ravi"), now: now)
            Issue.record("a seat held twice")
        } catch let failure as AppFailure {
            guard case .show(.seatsUnavailable(let taken), let refused) = failure else { Issue.record("\(failure)"); return }
            #expect(taken == [SeatID("B1")] && refused == show)
        }
    }
}
