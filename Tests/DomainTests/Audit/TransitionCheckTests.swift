import Domain
import Testing

/// Histories no decider writes (a bug, or a hand-edited log): the auditor's replay names the first bad event.
@Suite("Domain: an auditor's replay finds impossible transitions")
struct TransitionCheckTests {
    private func sold(_ booking: BookingID, _ customer: CustomerID, _ items: Items) -> Show.Event {
        .itemsSold(ItemsSold(booking: booking, customer: customer, items: items, late: false))
    }

    @Test func aSeatSoldToTwoBookingsIsFoundAtTheSecondSale() throws {
        let history = Sample.onSale(Sample.seated) + [sold(.b1, .c1, .seats([.a1])), sold(.b2, .c2, .seats([.a1, .a2]))]
        let found = try #require(Show.firstImpossibility(in: history))
        #expect(found.index == 4 && found.reason == "seat A1 was already taken by booking booking-1")
    }

    @Test func aShowsRulesAsAnAuditorReplaysThem() {
        let onSale = Sample.onSale(Sample.seated)
        #expect(Show.firstImpossibility(in: onSale) == nil)
        #expect(Show.firstImpossibility(in: [Sample.held(.b1, .c1, .seats([.a1]))])?.reason == "a show's first event must be ShowDrafted")
        #expect(Show.firstImpossibility(in: onSale + [Sample.held(.b1, .c1, .seats([SeatID("Z9")]))])?.reason == "seat Z9 is not in the show's inventory")
        #expect(Show.firstImpossibility(in: onSale + [.holdExpired(HoldExpired(booking: .b1))])?.reason == "booking booking-1 has no hold to expire")
        #expect(Show.firstImpossibility(in: onSale + [.itemsReturned(ItemsReturned(booking: .b1, items: .seats([.a1])))])?.reason
            == "booking booking-1 bought nothing to return")
        #expect(Show.firstImpossibility(in: onSale + [.ended(ShowEnded(at: noon)), .ended(ShowEnded(at: noon))])?.reason == "the show had already ended")
        let draft = [Show.Event.drafted(ShowDrafted(configuration: Sample.seated))]
        #expect(Show.firstImpossibility(in: draft + [Sample.held(.b1, .c1, .seats([.a1]))])?.reason == "items held while the show is draft")
        // A sale converting its own hold is fine; one past a category's capacity is not.
        #expect(Show.firstImpossibility(in: onSale + [Sample.held(.b1, .c1, .seats([.a1])), sold(.b1, .c1, .seats([.a1]))]) == nil)
        let open = Sample.onSale(Sample.open)
        #expect(Show.firstImpossibility(in: open + [Sample.held(.b1, .c1, .tickets([.gold: 4])), sold(.b1, .c1, .tickets([.gold: 4]))]) == nil)
        #expect(Show.firstImpossibility(in: open + [sold(.b1, .c1, .tickets([.gold: 4])), sold(.b2, .c2, .tickets([.gold: 2]))])?.reason
            == "category gold has 1 tickets left, not 2")
    }

    @Test func aBookingsRulesAsAnAuditorReplaysThem() {
        let confirmed = [Sample.started, Sample.ordered, Sample.confirmed]
        #expect(Booking.firstImpossibility(in: confirmed) == nil)
        #expect(Booking.firstImpossibility(in: [Sample.confirmed])?.reason == "a booking's first event must be BookingStarted")
        #expect(Booking.firstImpossibility(in: confirmed + [Sample.confirmed])?.index == 3)
        let scan = { (ticket: TicketID) in Booking.Event.checkedIn(TicketCheckedIn(ticket: ticket, scanner: .o1, at: noon)) }
        #expect(Booking.firstImpossibility(in: confirmed + [scan(.t1)]) == nil)
        #expect(Booking.firstImpossibility(in: confirmed + [scan(.t1), scan(.t1)])?.reason == "ticket ticket-1 was already admitted")
        #expect(Booking.firstImpossibility(in: confirmed + [scan(.t3)])?.reason == "ticket ticket-3 is not one of the booking's")
        #expect(Booking.firstImpossibility(in: confirmed + [.refundProcessed(RefundProcessed(at: noon))])?.reason == "a refund moved that was never asked for")
    }
}
