import App
import Domain
import Hummingbird

extension APIError {
    /// A failed booking command as HTTP.
    init(booking failure: CommandFailure<Booking.Rejection>, id: BookingID) {
        switch failure {
        case .rejected(let rejection): self.init(booking: rejection, id: id)
        case .tooManyConflicts: self.init(.conflict, code: "busy", "booking \(id) is changing quickly; try again")
        case .store, .encoding, .alongside: self = .storeUnavailable()
        }
    }

    /// The one mapping of booking rejections to HTTP: 404 unknown (or somebody else's), 409 the booking is not in a
    /// state for it, 400 the request names the wrong order or amount, 422 a rule of the show's policy says no.
    init(booking rejection: Booking.Rejection, id: BookingID) {
        switch rejection {
        case .noSuchBooking, .notYourBooking:
            self = .notFound("booking \(id)")
        case .bookingForAnotherShow(let show):
            self.init(.unprocessableContent, code: "wrong_event", "field eventId: booking \(id) is for event \(show), not this one")
        case .alreadyStarted:
            self.init(.conflict, code: "booking_conflict", "booking \(id) already exists")
        case .wrongStatus(let status):
            self.init(.conflict, code: "wrong_status", "booking \(id) is \(status.rawValue)")
        case .holdExpired(let at):
            self.init(.conflict, code: "hold_expired", "the hold of booking \(id) expired at \(at.rawValue) ms since 1970")
        case .nothingToPay:
            self.init(.conflict, code: "nothing_to_pay", "booking \(id) is free: confirm it with POST /api/booking/confirm")
        case .notFree(let total):
            self.init(.conflict, code: "payment_required", "booking \(id) costs \(total): pay for it through /api/payment/order")
        case .orderAlreadyCreated(let order):
            self.init(.conflict, code: "order_exists", "booking \(id) already has order \(order)")
        case let .wrongOrder(_, paid):
            self.init(.badRequest, code: "wrong_order", "order \(paid) is not booking \(id)'s order")
        case let .amountMismatch(expected, paid):
            self.init(.badRequest, code: "amount_mismatch", "the payment is for \(paid), booking \(id) costs \(expected)")
        case .alreadyPaid(let payment):
            self.init(.conflict, code: "already_paid", "booking \(id) is already paid by payment \(payment)")
        case let .wrongTicketCount(expected, issued):
            self.init(.internalServerError, code: "internal", "\(issued) tickets issued for \(expected) items")
        case .unknownTicket(let ticket):
            self = .notFound("ticket \(ticket)")
        case .ticketForAnotherShow(let show):
            self.init(.conflict, code: "wrong_event", "the ticket is for event \(show), not this one")
        case .ticketRefunded:
            self.init(.conflict, code: "ticket_refunded", "the ticket's booking was cancelled and refunded")
        case let .alreadyCheckedIn(at, by):
            self.init(.conflict, code: "already_checked_in", "the ticket was already used at \(at.iso8601) by \(by)")
        case let .outsideCheckInWindow(opens, closes):
            self.init(.unprocessableContent, code: "outside_check_in_window", "check-in is open from \(opens.iso8601) to \(closes.iso8601)")
        case .notRefundable:
            self.init(.unprocessableContent, code: "not_refundable", "the event's policy does not allow refunds")
        case .refundDeadlinePassed(let deadline):
            self.init(.unprocessableContent, code: "refund_deadline_passed", "refunds closed at \(deadline.iso8601)")
        case .ticketsAlreadyUsed:
            self.init(.unprocessableContent, code: "tickets_used", "a ticket of booking \(id) was already used at the door")
        case .refundAlreadyRequested(let refund):
            self.init(.conflict, code: "refund_exists", "booking \(id) already has refund \(refund)")
        case .noRefundInProgress:
            self.init(.conflict, code: "no_refund", "booking \(id) has no refund in progress")
        }
    }

    /// The gateway failed or refused: 502 when it could not be reached, else the refusal as a conflict.
    init(gateway error: GatewayError) {
        switch error.kind {
        case .unavailable: self.init(.badGateway, code: "gateway_unavailable", "the payment gateway is unavailable; try again: \(error.message)")
        case .notFound: self.init(.notFound, code: "not_found", "the payment gateway does not know it: \(error.message)")
        case .refused: self.init(.conflict, code: "gateway_refused", "the payment gateway refused: \(error.message)")
        }
    }
}
