import Domain
import Testing

@Suite("Booking: refunds")
struct BookingRefundTests {
    let confirmed = given(Booking.self, Sample.started, Sample.ordered, Sample.confirmed)
    let beforeDeadline = showStart.subtracting(.hours(13))
    var requested: [Booking.Event] {
        confirmed.history + [.refundRequested(RefundRequested(refund: .r1, amount: .rupees(560), reason: .customerCancelled, payment: .pay1, at: noon))]
    }

    @Test func theCustomerCancelsBeforeTheDeadlineAndGetsEverythingBackByDefault() throws {
        #expect(try confirmed.when(.requestRefund(by: .c1, refund: .r1, now: beforeDeadline)) == [.refundRequested(RefundRequested(
            refund: .r1, amount: .rupees(560), reason: .customerCancelled, payment: .pay1, at: beforeDeadline))])
    }

    @Test func afterTheDeadlineTheRefundIsRefused() {
        #expect(throws: Booking.Rejection.refundDeadlinePassed(deadline: showStart.subtracting(.hours(12)))) {
            try confirmed.when(.requestRefund(by: .c1, refund: .r1, now: showStart.subtracting(.hours(11))))
        }
    }

    @Test func unguardedRefundOfAnotherCustomersBookingIsRefused() {
        #expect(throws: Booking.Rejection.notYourBooking) { try confirmed.when(.requestRefund(by: .c2, refund: .r1, now: beforeDeadline)) }
    }

    @Test func aPolicyWithoutFeeRefundsReturnsTheTicketPricesOnly() throws {
        var terms = Sample.seatTerms
        terms.refundPolicy = RefundPolicy(refundable: true, deadlineMinutesBeforeStart: 720, feesRefunded: false)
        let spec = given(Booking.self, .started(BookingStarted(terms: terms)), Sample.ordered, Sample.confirmed)
        #expect(try spec.when(.requestRefund(by: .c1, refund: .r1, now: beforeDeadline)) == [.refundRequested(RefundRequested(
            refund: .r1, amount: .rupees(500), reason: .customerCancelled, payment: .pay1, at: beforeDeadline))])
    }

    @Test func aNonRefundableBookingIsRefused() {
        var terms = Sample.seatTerms
        terms.refundPolicy = RefundPolicy(refundable: false, deadlineMinutesBeforeStart: 0, feesRefunded: false)
        let spec = given(Booking.self, .started(BookingStarted(terms: terms)), Sample.ordered, Sample.confirmed)
        #expect(throws: Booking.Rejection.notRefundable) { try spec.when(.requestRefund(by: .c1, refund: .r1, now: beforeDeadline)) }
    }

    @Test func aBookingIsNeverRefundedTwice() {
        #expect(throws: Booking.Rejection.refundAlreadyRequested(.r1)) {
            try given(Booking.self, requested).when(.requestRefund(by: .c1, refund: .r2, now: beforeDeadline))
        }
    }

    @Test func aShowCancellationRefundsInFullIgnoringTheDeadline() throws {
        #expect(try confirmed.when(.refundInFull(refund: .r1, now: showStart)) == [.refundRequested(RefundRequested(
            refund: .r1, amount: .rupees(560), reason: .showCancelled, payment: .pay1, at: showStart))])
    }

    @Test func aFailedRefundCanBeRetried() throws {
        let failed = given(Booking.self, requested + [.refundProcessing(RefundProcessing(gatewayReference: "rfnd_1")),
                                                      .refundFailed(RefundFailed(reason: "gateway down"))])
        #expect(try failed.when(.startRefund(gatewayReference: "rfnd_2")) == [.refundProcessing(RefundProcessing(gatewayReference: "rfnd_2"))])
    }

    @Test func aRepeatedCompletionChangesNothing() throws {
        let done = given(Booking.self, requested + [.refundProcessing(RefundProcessing(gatewayReference: "rfnd_1")),
                                                    .refundProcessed(RefundProcessed(at: noon))])
        #expect(try done.when(.completeRefund(now: noon.adding(.minutes(1)))).isEmpty)
    }

    @Test func usedTicketsCannotBeRefunded() {
        let used = given(Booking.self, confirmed.history + [.checkedIn(TicketCheckedIn(ticket: .t1, scanner: .o1, at: noon))])
        #expect(throws: Booking.Rejection.ticketsAlreadyUsed) { try used.when(.requestRefund(by: .c1, refund: .r1, now: beforeDeadline)) }
    }
}
