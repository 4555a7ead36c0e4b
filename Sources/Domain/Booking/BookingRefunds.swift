/// Refunds: at most one per booking, never more than was paid, under the policy the customer booked with.
enum BookingRefunds {
    typealias Rejection = Booking.Rejection

    static func request(
        by customer: CustomerID, refund: RefundID, now: Instant, _ state: Booking.State
    ) throws(Rejection) -> [Booking.Event] {
        let terms = try Booking.require(state)
        guard terms.customer == customer else { throw .notYourBooking }
        if let existing = state.refund {
            if existing.id == refund { return [] }
            throw .refundAlreadyRequested(existing.id)
        }
        guard state.status == .confirmed else { throw .wrongStatus(state.status) }
        guard terms.refundPolicy.refundable else { throw .notRefundable }
        let deadline = terms.schedule.start.subtracting(.minutes(terms.refundPolicy.deadlineMinutesBeforeStart))
        guard now < deadline else { throw .refundDeadlinePassed(deadline: deadline) }
        guard state.tickets.values.allSatisfy({ $0.checkedIn == nil }) else { throw .ticketsAlreadyUsed }
        let paid = state.payment?.amount ?? .zero(terms.price.total.currency)
        // Without fee refunds the customer gets the ticket prices back; the fee and its tax stay with the platform.
        let amount = terms.refundPolicy.feesRefunded ? paid : min(paid, terms.price.base)
        return [.refundRequested(RefundRequested(
            refund: refund, amount: amount, reason: .customerCancelled, payment: state.payment?.payment, at: now))]
    }

    static func refundInFull(refund: RefundID, now: Instant, _ state: Booking.State) throws(Rejection) -> [Booking.Event] {
        let terms = try Booking.require(state)
        // Already being refunded (or refunded): a booking is refunded once, whatever the reason.
        if state.refund != nil { return [] }
        guard state.status == .confirmed else { throw .wrongStatus(state.status) }
        let paid = state.payment?.amount ?? .zero(terms.price.total.currency)
        return [.refundRequested(RefundRequested(
            refund: refund, amount: paid, reason: .showCancelled, payment: state.payment?.payment, at: now))]
    }

    static func start(_ reference: String, _ state: Booking.State) throws(Rejection) -> [Booking.Event] {
        guard let refund = state.refund else { throw .noRefundInProgress }
        switch refund.progress {
        case .requested, .failed: return [.refundProcessing(RefundProcessing(gatewayReference: reference))]
        case .processing(let current) where current == reference: return []
        case .processing, .processed: throw .noRefundInProgress
        }
    }
}

private func min(_ a: Money, _ b: Money) -> Money { a.minor <= b.minor ? a : b }
