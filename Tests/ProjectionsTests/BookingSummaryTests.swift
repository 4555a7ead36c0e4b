import Domain
import Projections
import Testing

@Suite("Projections: booking summaries (the fold)")
struct BookingSummaryTests {
    private let terms = BookingTerms(
        show: ShowID("s1"), customer: CustomerID("c1"), items: .seats([SeatID("A1")]),
        price: PriceBreakdown(lines: [], base: .major(100), fees: .major(10), tax: .zero(), total: .major(110)),
        expiresAt: noon.adding(.minutes(10)), refundPolicy: .standard, schedule: Fixture.seated.schedule)

    private func summary(_ events: [Booking.Event]) -> BookingSummary? {
        var view: BookingSummary?
        for event in events { BookingSummaryProjection.apply(event, booking: BookingID("b1"), at: noon, to: &view) }
        return view
    }

    @Test func aStartedBookingIsAHoldUntilItsExpiry() throws {
        let view = try #require(summary([.started(BookingStarted(terms: terms))]))
        #expect(view.status == .held)
        #expect(view.customer == CustomerID("c1"))
        #expect(view.expiresAt == noon.adding(.minutes(10)))
        #expect(view.startedAt == noon)
    }

    @Test func aConfirmedBookingListsItsTicketsAndTheirCheckIns() throws {
        let ticket = IssuedTicket(id: TicketID("t1"), admits: "A1")
        let view = try #require(summary([
            .started(BookingStarted(terms: terms)),
            .confirmed(BookingConfirmed(payment: nil, tickets: [ticket], at: noon.adding(.minutes(2)))),
            .checkedIn(TicketCheckedIn(ticket: TicketID("t1"), scanner: OrganizerID("o1"), at: noon.adding(.hours(48)))),
        ]))
        #expect(view.status == .confirmed)
        #expect(view.tickets.map(\.admits) == ["A1"])
        #expect(view.tickets.first?.checkedInAt == noon.adding(.hours(48)))
    }

    @Test func eventsBeforeTheStartAreIgnored() {
        #expect(summary([.expired(BookingExpired(at: noon))]) == nil)
    }
}
