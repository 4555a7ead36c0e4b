import Domain
import Testing

@Suite("Booking: check-in")
struct BookingCheckInTests {
    let confirmed = given(Booking.self, Sample.started, Sample.ordered, Sample.confirmed)
    let doorsOpen = showStart.subtracting(.minutes(30))

    @Test func aValidTicketChecksInOnce() throws {
        #expect(try confirmed.when(.checkIn(.t1, show: .s1, scanner: .o1, now: doorsOpen))
            == [.checkedIn(TicketCheckedIn(ticket: .t1, scanner: .o1, at: doorsOpen))])
    }

    @Test func aSecondScanIsRefusedNamingWhenAndByWhomItWasUsed() {
        let used = given(Booking.self, confirmed.history + [.checkedIn(TicketCheckedIn(ticket: .t1, scanner: .o1, at: doorsOpen))])
        #expect(throws: Booking.Rejection.alreadyCheckedIn(at: doorsOpen, by: .o1)) {
            try used.when(.checkIn(.t1, show: .s1, scanner: .o2, now: doorsOpen.adding(.minutes(1))))
        }
    }

    @Test func oneScanAdmitsOneTicketNotTheWholeOrder() throws {
        let used = given(Booking.self, confirmed.history + [.checkedIn(TicketCheckedIn(ticket: .t1, scanner: .o1, at: doorsOpen))])
        #expect(try used.when(.checkIn(.t2, show: .s1, scanner: .o1, now: doorsOpen)).count == 1)
    }

    @Test func aTicketOfAnotherShowIsRefused() {
        #expect(throws: Booking.Rejection.ticketForAnotherShow(.s1)) {
            try confirmed.when(.checkIn(.t1, show: .s2, scanner: .o1, now: doorsOpen))
        }
    }

    @Test func aRefundedTicketIsRefused() {
        let refunded = given(Booking.self, confirmed.history + [.refundRequested(RefundRequested(
            refund: .r1, amount: .rupees(560), reason: .customerCancelled, payment: .pay1, at: noon))])
        #expect(throws: Booking.Rejection.ticketRefunded) { try refunded.when(.checkIn(.t1, show: .s1, scanner: .o1, now: doorsOpen)) }
    }

    @Test func scansOutsideTheShowsWindowAreRefused() {
        let opens = showStart.subtracting(.hours(2))
        #expect(throws: Booking.Rejection.outsideCheckInWindow(opens: opens, closes: showEnd)) {
            try confirmed.when(.checkIn(.t1, show: .s1, scanner: .o1, now: opens.subtracting(.minutes(1))))
        }
        #expect(throws: Booking.Rejection.outsideCheckInWindow(opens: opens, closes: showEnd)) {
            try confirmed.when(.checkIn(.t1, show: .s1, scanner: .o1, now: showEnd.adding(.minutes(1))))
        }
    }

    @Test func anUnknownTicketIsRefused() {
        #expect(throws: Booking.Rejection.unknownTicket(.t3)) { try confirmed.when(.checkIn(.t3, show: .s1, scanner: .o1, now: doorsOpen)) }
    }

    @Test func anUnpaidBookingsTicketsDoNotExist() {
        #expect(throws: Booking.Rejection.unknownTicket(.t1)) {
            try given(Booking.self, Sample.started).when(.checkIn(.t1, show: .s1, scanner: .o1, now: doorsOpen))
        }
    }
}
