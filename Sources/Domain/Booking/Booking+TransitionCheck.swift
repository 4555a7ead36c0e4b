extension Booking: TransitionCheck {
    /// A booking starts once; it is confirmed once; only its own tickets are admitted, each once; a refund moves
    /// only after it was asked for, and one is asked for at a time.
    public static func impossibility(of event: Event, after state: State) -> String? {
        if state.status == .none, !isStart(event) { return "a booking's first event must be BookingStarted" }
        switch event {
        case .started:
            return state.status == .none ? nil : "the booking was started before"
        case .confirmed:
            return state.status == .confirmed ? "the booking was confirmed before" : nil
        case .checkedIn(let scan):
            guard let ticket = state.tickets[scan.ticket] else { return "ticket \(scan.ticket) is not one of the booking's" }
            return ticket.checkedIn == nil ? nil : "ticket \(scan.ticket) was already admitted"
        case .refundRequested:
            if let refund = state.refund, !refund.isFailed { return "a refund was already asked for" }
            return nil
        case .refundProcessing, .refundProcessed, .refundFailed:
            return state.refund == nil ? "a refund moved that was never asked for" : nil
        case .orderCreated, .paymentFailed, .expired, .released:
            return nil
        }
    }

    private static func isStart(_ event: Event) -> Bool {
        if case .started = event { return true }
        return false
    }
}

extension Booking.Refund {
    var isFailed: Bool {
        if case .failed = progress { return true }
        return false
    }
}
