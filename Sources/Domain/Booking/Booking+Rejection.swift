extension Booking {
    /// Why a booking command was refused.
    public enum Rejection: Error, Equatable, Sendable {
        case alreadyStarted
        case noSuchBooking
        case wrongStatus(BookingStatus)
        case notYourBooking
        /// The command named another show than the booking's.
        case bookingForAnotherShow(ShowID)
        case holdExpired(at: Instant)
        case nothingToPay
        case notFree(total: Money)
        /// An order already exists for this booking: pay that one.
        case orderAlreadyCreated(OrderID)
        /// The payment is for another order than this booking's.
        case wrongOrder(expected: OrderID?, paid: OrderID)
        /// The payment's amount is not the booking's total.
        case amountMismatch(expected: Money, paid: Money)
        /// The booking is already paid by another payment (the second must be refunded).
        case alreadyPaid(by: PaymentID)
        case wrongTicketCount(expected: Int, issued: Int)
        case unknownTicket(TicketID)
        case ticketForAnotherShow(ShowID)
        /// The booking was cancelled and refunded (or is being refunded).
        case ticketRefunded
        /// The ticket was used already: when and by whom.
        case alreadyCheckedIn(at: Instant, by: OrganizerID)
        case outsideCheckInWindow(opens: Instant, closes: Instant)
        case notRefundable
        case refundDeadlinePassed(deadline: Instant)
        /// A ticket of the booking was used at the door.
        case ticketsAlreadyUsed
        /// A refund exists already; a booking is refunded at most once.
        case refundAlreadyRequested(RefundID)
        case noRefundInProgress
    }
}
