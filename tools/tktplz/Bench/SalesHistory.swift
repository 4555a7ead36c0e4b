import App
import Domain
import DomainEvents
import EventStore
import Foundation

/// A log of real domain events for the rebuild benchmark: general-admission shows, each sold booking by booking
/// as the service writes them (held, started, ordered, sold, confirmed: five events a booking), appended in large
/// batches with fsync off (filling is not what is measured).
enum SalesHistory {
    static let bookingsPerShow = 5_000

    /// Appends sales until the log holds at least `records`; returns the head.
    static func fill(_ log: LMDBEventLog, to records: UInt64, progress: (UInt64) -> Void) async throws -> UInt64 {
        var head = try await log.head().rawValue
        var show = Int(head / UInt64(bookingsPerShow * 5 + 3))
        while head < records {
            head = try await sell(show: show, log: log)
            progress(head)
            show += 1
        }
        return head
    }

    private static func sell(show index: Int, log: LMDBEventLog) async throws -> UInt64 {
        let id = ShowID("bench-show-\(index)")
        let start = Instant(millisecondsSince1970: 1_900_000_000_000)
        let configuration = ShowConfiguration(
            organizer: DemoData.organizer, kind: .open, details: ShowDetails(title: "Bench \(index)", city: "Pune"),
            schedule: ShowSchedule(start: start, end: start.adding(.hours(3))),
            inventory: .categories([TicketCategory(id: CategoryID("ga"), name: "GA", capacity: bookingsPerShow, price: .major(300))]))
        let showStream = try Show.stream(id)
        _ = try await log.append(try EventEncoding.newEvents(Show.self, [
            .drafted(ShowDrafted(configuration: configuration)), .submitted(ShowSubmitted(organizer: DemoData.organizer)),
            .approved(ShowApproved(admin: DemoData.admin)),
        ]), to: showStream, expecting: .any)
        let items = Items.tickets([CategoryID("ga"): 1])
        guard let price = try configuration.price(of: items) else { throw ToolFailure("the bench show has no price") }
        let now = Instant(millisecondsSince1970: 1_800_000_000_000)
        var head: UInt64 = 0
        for chunk in stride(from: 0, to: bookingsPerShow, by: 250) {
            var showEvents: [Show.Event] = []
            for number in chunk..<min(chunk + 250, bookingsPerShow) {
                let booking = BookingID("bench-\(index)-\(number)")
                let customer = CustomerID("bench-customer-\(number % 997)")
                let order = OrderID("order_\(index)_\(number)")
                showEvents.append(.itemsHeld(ItemsHeld(booking: booking, customer: customer, items: items, expiresAt: now.adding(.minutes(10)))))
                showEvents.append(.itemsSold(ItemsSold(booking: booking, customer: customer, items: items, late: false)))
                let terms = BookingTerms(show: id, customer: customer, items: items, price: price, expiresAt: now.adding(.minutes(10)),
                                         refundPolicy: configuration.refundPolicy, schedule: configuration.schedule)
                let bookingEvents: [Booking.Event] = [
                    .started(BookingStarted(terms: terms)), .orderCreated(OrderCreated(order: order, amount: price.total)),
                    .confirmed(BookingConfirmed(payment: PaymentReceipt(order: order, payment: PaymentID("pay_\(index)_\(number)"), amount: price.total),
                                                tickets: [IssuedTicket(id: TicketID("ticket-\(index)-\(number)"), admits: "ga")], at: now)),
                ]
                _ = try await log.append(try EventEncoding.newEvents(Booking.self, bookingEvents),
                                         to: try Booking.stream(booking), expecting: .noStream)
            }
            if case .appended(let appended) = try await log.append(try EventEncoding.newEvents(Show.self, showEvents), to: showStream, expecting: .any) {
                head = appended.lastPosition.rawValue
            }
        }
        return head
    }
}
