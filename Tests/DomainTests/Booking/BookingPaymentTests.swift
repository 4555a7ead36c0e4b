import Domain
import Testing

@Suite("Booking: orders")
struct BookingOrderTests {
    @Test func anOrderIsForExactlyTheServerPricedTotal() throws {
        #expect(try given(Booking.self, Sample.started).when(.createOrder(.order1, now: noon)) == [Sample.ordered])
    }

    @Test func noOrderAfterTheHoldExpired() {
        #expect(throws: Booking.Rejection.holdExpired(at: noon.adding(.minutes(10)))) {
            try given(Booking.self, Sample.started).when(.createOrder(.order1, now: noon.adding(.minutes(10))))
        }
    }

    @Test func aSecondOrderIsRefusedNamingTheFirst() {
        #expect(throws: Booking.Rejection.orderAlreadyCreated(.order1)) {
            try given(Booking.self, Sample.started, Sample.ordered).when(.createOrder(.order2, now: noon))
        }
    }

    @Test func aFreeBookingNeedsNoOrder() throws {
        var terms = Sample.seatTerms
        terms.price = try PriceBreakdown.compute([("entry", .zero(), 2)])
        let spec = given(Booking.self, .started(BookingStarted(terms: terms)))
        #expect(throws: Booking.Rejection.nothingToPay) { try spec.when(.createOrder(.order1, now: noon)) }
        #expect(try spec.when(.confirmFree(tickets: [.t1, .t2], now: noon)) == [.confirmed(BookingConfirmed(
            payment: nil, tickets: [IssuedTicket(id: .t1, admits: "A1"), IssuedTicket(id: .t2, admits: "A2")], at: noon))])
    }
}

@Suite("Booking: payments")
struct BookingPaymentTests {
    let ordered = given(Booking.self, Sample.started, Sample.ordered)

    @Test func aPaymentOfTheOrderAndAmountConfirmsAndIssuesOneTicketPerSeat() throws {
        #expect(try ordered.when(.confirmPayment(Sample.receipt, tickets: [.t1, .t2], now: noon)) == [Sample.confirmed])
    }

    @Test func verifyBooksFromTheOrderNotTheBodyAWrongAmountIsRefused() {
        let cheap = PaymentReceipt(order: .order1, payment: .pay1, amount: .rupees(10))
        #expect(throws: Booking.Rejection.amountMismatch(expected: .rupees(560), paid: .rupees(10))) {
            try ordered.when(.confirmPayment(cheap, tickets: [.t1, .t2], now: noon))
        }
    }

    @Test func aPaymentForAnotherOrderIsRefused() {
        let other = PaymentReceipt(order: .order2, payment: .pay1, amount: .rupees(560))
        #expect(throws: Booking.Rejection.wrongOrder(expected: .order1, paid: .order2)) {
            try ordered.when(.confirmPayment(other, tickets: [.t1, .t2], now: noon))
        }
    }

    @Test func aReplayedPaymentConfirmsOnce() throws {
        let confirmed = given(Booking.self, Sample.started, Sample.ordered, Sample.confirmed)
        #expect(try confirmed.when(.confirmPayment(Sample.receipt, tickets: [.t1, .t2], now: noon)).isEmpty)
    }

    @Test func aSecondPaymentForAConfirmedBookingIsRefusedNamingTheFirst() {
        let confirmed = given(Booking.self, Sample.started, Sample.ordered, Sample.confirmed)
        let second = PaymentReceipt(order: .order1, payment: .pay2, amount: .rupees(560))
        #expect(throws: Booking.Rejection.alreadyPaid(by: .pay1)) {
            try confirmed.when(.confirmPayment(second, tickets: [.t1, .t2], now: noon))
        }
    }

    @Test func ticketsAreIssuedOnePerSeat() {
        #expect(throws: Booking.Rejection.wrongTicketCount(expected: 2, issued: 1)) {
            try ordered.when(.confirmPayment(Sample.receipt, tickets: [.t1], now: noon))
        }
    }

    @Test func aLatePaymentHonouredByTheShowConfirmsAnExpiredBooking() throws {
        let expired = given(Booking.self, Sample.started, Sample.ordered, .expired(BookingExpired(at: noon.adding(.minutes(10)))))
        #expect(try expired.when(.confirmPayment(Sample.receipt, tickets: [.t1, .t2], now: noon.adding(.minutes(15)))).count == 1)
    }

    @Test func aLatePaymentTheShowCouldNotHonourIsRefundedInFull() throws {
        let expired = given(Booking.self, Sample.started, Sample.ordered, .expired(BookingExpired(at: noon.adding(.minutes(10)))))
        let events = try expired.when(.refundUnfulfillablePayment(Sample.receipt, refund: .r1, now: noon.adding(.minutes(15))))
        #expect(events == [.refundRequested(RefundRequested(
            refund: .r1, amount: .rupees(560), reason: .paymentUnfulfillable, payment: .pay1, at: noon.adding(.minutes(15))))])
    }

    @Test func aFailedPaymentEndsTheBooking() throws {
        let events = try ordered.when(.failPayment(.order1, reason: "card declined"))
        #expect(events == [.paymentFailed(PaymentFailed(order: .order1, reason: "card declined"))])
    }

    @Test func aBookingExpiresOnlyWhileUnpaid() throws {
        #expect(try ordered.when(.expire(now: noon.adding(.minutes(10)))) == [.expired(BookingExpired(at: noon.adding(.minutes(10))))])
        #expect(try given(Booking.self, Sample.started, Sample.ordered, Sample.confirmed).when(.expire(now: noon.adding(.hours(1)))).isEmpty)
    }
}
