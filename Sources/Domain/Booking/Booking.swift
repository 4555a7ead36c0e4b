/// One customer's order for one show: price, payment, tickets, check-in and refund.
/// The show decides what is held and sold; the booking decides what is paid, issued and returned.
public enum Booking: Decider {
    public static let initialState = State()
    /// Check-in opens this long before the start (and closes at the end).
    public static let checkInOpensBefore = Duration.hours(2)

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case .start(let terms):
            if state.terms == terms { return [] }
            guard state.status == .none else { throw .alreadyStarted }
            return [.started(BookingStarted(terms: terms))]
        case let .createOrder(order, now):
            let terms = try require(state)
            if state.order == order { return [] }
            if let existing = state.order { throw .orderAlreadyCreated(existing) }
            guard state.status == .held else { throw .wrongStatus(state.status) }
            guard !terms.price.isFree else { throw .nothingToPay }
            guard now < terms.expiresAt else { throw .holdExpired(at: terms.expiresAt) }
            return [.orderCreated(OrderCreated(order: order, amount: terms.price.total))]
        case let .confirmPayment(receipt, tickets, now):
            return try BookingPayment.confirm(receipt, tickets: tickets, now: now, state)
        case let .confirmFree(tickets, now):
            let terms = try require(state)
            if state.status == .confirmed { return [] }
            guard terms.price.isFree else { throw .notFree(total: terms.price.total) }
            guard state.status == .held else { throw .wrongStatus(state.status) }
            return [.confirmed(BookingConfirmed(payment: nil, tickets: try BookingPayment.issue(tickets, for: terms.items), at: now))]
        case let .refundUnfulfillablePayment(receipt, refund, now):
            return try BookingPayment.refundUnfulfillable(receipt, refund: refund, now: now, state)
        case let .failPayment(order, reason):
            _ = try require(state)
            guard state.order == order else { throw .wrongOrder(expected: state.order, paid: order) }
            guard state.status == .ordered else { return [] }
            return [.paymentFailed(PaymentFailed(order: order, reason: reason))]
        case .expire(let now):
            let terms = try require(state)
            guard state.status == .held || state.status == .ordered, now >= terms.expiresAt else { return [] }
            return [.expired(BookingExpired(at: now))]
        case let .release(customer, show):
            let terms = try require(state)
            guard terms.customer == customer else { throw .notYourBooking }
            guard terms.show == show else { throw .bookingForAnotherShow(terms.show) }
            if state.status == .released { return [] }
            // A confirmed booking is cancelled by a refund, never released; an ended hold has nothing to let go.
            guard state.status == .held || state.status == .ordered else { throw .wrongStatus(state.status) }
            return [.released(BookingReleased(by: customer))]
        case let .checkIn(ticket, show, scanner, now):
            return try BookingCheckIn.checkIn(ticket, show: show, scanner: scanner, now: now, state)
        case let .requestRefund(customer, refund, now):
            return try BookingRefunds.request(by: customer, refund: refund, now: now, state)
        case let .refundInFull(refund, now):
            return try BookingRefunds.refundInFull(refund: refund, now: now, state)
        case .startRefund(let reference):
            return try BookingRefunds.start(reference, state)
        case .completeRefund(let now):
            guard let refund = state.refund else { throw .noRefundInProgress }
            switch refund.progress {
            case .processed: return []
            case .processing, .requested: return [.refundProcessed(RefundProcessed(at: now))]
            case .failed: throw .noRefundInProgress
            }
        case .failRefund(let reason):
            guard let refund = state.refund else { throw .noRefundInProgress }
            switch refund.progress {
            case .failed(let earlier) where earlier == reason: return []
            case .processing: return [.refundFailed(RefundFailed(reason: reason))]
            default: throw .noRefundInProgress
            }
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .started(let started):
            state.terms = started.terms
            state.status = .held
        case .orderCreated(let created):
            state.order = created.order
            state.status = .ordered
        case .confirmed(let confirmed):
            state.status = .confirmed
            state.payment = confirmed.payment
            state.confirmedAt = confirmed.at
            for ticket in confirmed.tickets {
                state.tickets[ticket.id] = TicketState(admits: ticket.admits, checkedIn: nil)
                state.ticketOrder.append(ticket.id)
            }
        case .paymentFailed: state.status = .failed
        case .expired: state.status = .expired
        case .released: state.status = .released
        case .checkedIn(let scan): state.tickets[scan.ticket]?.checkedIn = (scan.at, scan.scanner)
        case .refundRequested(let requested):
            state.refund = Refund(id: requested.refund, amount: requested.amount, reason: requested.reason, payment: requested.payment, progress: .requested)
        case .refundProcessing(let processing): state.refund?.progress = .processing(gatewayReference: processing.gatewayReference)
        case .refundProcessed(let processed): state.refund?.progress = .processed(at: processed.at)
        case .refundFailed(let failed): state.refund?.progress = .failed(reason: failed.reason)
        }
        return state
    }

    /// The booking's terms, or `noSuchBooking` before it started.
    static func require(_ state: State) throws(Rejection) -> BookingTerms {
        guard let terms = state.terms else { throw .noSuchBooking }
        return terms
    }
}
