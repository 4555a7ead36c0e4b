/// Payments: bound to this booking's order and exact amount, confirmed once, refunded when unfulfillable.
enum BookingPayment {
    typealias Rejection = Booking.Rejection

    static func confirm(
        _ receipt: PaymentReceipt, tickets: [TicketID], now: Instant, _ state: Booking.State
    ) throws(Rejection) -> [Booking.Event] {
        let terms = try Booking.require(state)
        if let paid = state.payment {
            if paid == receipt { return [] }
            throw .alreadyPaid(by: paid.payment)
        }
        guard state.order == receipt.order else { throw .wrongOrder(expected: state.order, paid: receipt.order) }
        guard receipt.amount == terms.price.total else { throw .amountMismatch(expected: terms.price.total, paid: receipt.amount) }
        // An expired, released or failed booking is confirmed too: the show sold the items again before this.
        guard state.status != .confirmed else { throw .wrongStatus(state.status) }
        return [.confirmed(BookingConfirmed(payment: receipt, tickets: try issue(tickets, for: terms.items), at: now))]
    }

    static func refundUnfulfillable(
        _ receipt: PaymentReceipt, refund: RefundID, now: Instant, _ state: Booking.State
    ) throws(Rejection) -> [Booking.Event] {
        _ = try Booking.require(state)
        if let existing = state.refund {
            if existing.id == refund { return [] }
            throw .refundAlreadyRequested(existing.id)
        }
        guard state.order == receipt.order else { throw .wrongOrder(expected: state.order, paid: receipt.order) }
        guard state.status != .confirmed else { throw .wrongStatus(.confirmed) }
        return [.refundRequested(RefundRequested(
            refund: refund, amount: receipt.amount, reason: .paymentUnfulfillable, payment: receipt.payment, at: now))]
    }

    /// One ticket per seat (labelled with the seat) or per unit (labelled with its category).
    static func issue(_ tickets: [TicketID], for items: Items) throws(Rejection) -> [IssuedTicket] {
        let admits: [String] = switch items {
        case .seats(let seats): seats.sorted().map(\.rawValue)
        case .tickets(let counts):
            counts.sorted { $0.key < $1.key }.flatMap { Array(repeating: $0.key.rawValue, count: $0.value) }
        }
        guard admits.count == tickets.count, Set(tickets).count == tickets.count else {
            throw .wrongTicketCount(expected: admits.count, issued: Set(tickets).count)
        }
        return zip(tickets, admits).map { IssuedTicket(id: $0, admits: $1) }
    }
}
