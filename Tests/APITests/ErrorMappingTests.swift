@testable import API
import App
import Domain
import DomainEvents
import EventStore
import Hummingbird
import Testing

/// Every domain rejection and every application failure has one status and one error code, all stated in
/// `Sources/API/Errors/ErrorMapping.swift`. The expectations below are switches without `default`: a new rejection
/// or failure does not compile here until its status and code are written down, and each sample is checked against
/// them.
@Suite("API: every rejection and failure maps to one status and code")
struct ErrorMappingTests {
    static let instant: Instant = Instant(millisecondsSince1970: 1_900_000_000_000)
    static let money = Money(minor: 50_000)

    static func expected(_ rejection: Show.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .noSuchShow: (.notFound, "not_found")
        case .seatsUnavailable, .notEnoughSeats: (.conflict, "seats_unavailable")
        case .unknownSeatType: (.badRequest, "unknown_seat_type")
        case .wouldLeaveLoneSeats: (.unprocessableContent, "lone_seat")
        case .ticketsUnavailable: (.conflict, "tickets_unavailable")
        case .itemsNoLongerAvailable: (.conflict, "items_unavailable")
        case .unknownSeats: (.badRequest, "unknown_seats")
        case .unknownCategories: (.badRequest, "unknown_categories")
        case .emptyRequest, .wrongKindOfRequest: (.badRequest, "invalid_body")
        case .tooManyTickets: (.unprocessableContent, "too_many_tickets")
        case .notOnSale: (.unprocessableContent, "not_on_sale")
        case .bookingClosed: (.unprocessableContent, "booking_closed")
        case .invalidRegistration(.alreadyRegistered): (.conflict, "already_registered")
        case .invalidRegistration: (.unprocessableContent, "invalid_registration")
        case .bookingAlreadyUsed, .notYourHold: (.conflict, "booking_conflict")
        case .showCancelled: (.unprocessableContent, "event_cancelled")
        case .wouldStrandTickets: (.unprocessableContent, "would_strand_tickets")
        case .invalidConfiguration: (.unprocessableContent, "invalid_configuration")
        case .alreadyDrafted, .notTheOrganizer, .invalidSchedule, .wrongStatus, .showNotOver: (.unprocessableContent, "rule_violated")
        }
    }

    static let showRejections: [Show.Rejection] = [
        .alreadyDrafted, .noSuchShow, .notTheOrganizer, .invalidSchedule, .invalidConfiguration("capacity"), .wrongStatus(.draft),
        .notOnSale(.submitted), .bookingClosed(closedAt: instant), .emptyRequest, .tooManyTickets(requested: 11, limit: 10),
        .wrongKindOfRequest, .unknownSeats([SeatID("Z9")]), .seatsUnavailable([SeatID("A1")]), .unknownCategories([CategoryID("vip")]),
        .ticketsUnavailable([CategoryID("gold"): 1]), .invalidRegistration(.teamSize(5, allowed: 1...4)),
        .invalidRegistration(.alreadyRegistered(limit: 1)), .bookingAlreadyUsed(BookingID("b")), .notYourHold(BookingID("b")),
        .itemsNoLongerAvailable(BookingID("b")), .showCancelled, .wouldStrandTickets("gold"), .showNotOver(endsAt: instant),
        .notEnoughSeats(requested: 3, free: 2), .unknownSeatType("vip"), .wouldLeaveLoneSeats([SeatID("A3")]),
    ]

    @Test(arguments: showRejections)
    func eachShowRejection(_ rejection: Show.Rejection) {
        let error = APIError(show: rejection, id: "s1")
        let (status, code) = Self.expected(rejection)
        #expect(error.status == status && error.code == code, "\(rejection) → \(error)")
        #expect(!error.message.isEmpty)
    }

    static func expected(_ rejection: Booking.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .noSuchBooking, .notYourBooking, .unknownTicket: (.notFound, "not_found")
        case .bookingForAnotherShow: (.unprocessableContent, "wrong_event")
        case .alreadyStarted: (.conflict, "booking_conflict")
        case .wrongStatus: (.conflict, "wrong_status")
        case .holdExpired: (.conflict, "hold_expired")
        case .nothingToPay: (.conflict, "nothing_to_pay")
        case .notFree: (.conflict, "payment_required")
        case .orderAlreadyCreated: (.conflict, "order_exists")
        case .wrongOrder: (.badRequest, "wrong_order")
        case .amountMismatch: (.badRequest, "amount_mismatch")
        case .alreadyPaid: (.conflict, "already_paid")
        case .wrongTicketCount: (.internalServerError, "internal")
        case .ticketForAnotherShow: (.conflict, "wrong_event")
        case .ticketRefunded: (.conflict, "ticket_refunded")
        case .alreadyCheckedIn: (.conflict, "already_checked_in")
        case .outsideCheckInWindow: (.unprocessableContent, "outside_check_in_window")
        case .notRefundable: (.unprocessableContent, "not_refundable")
        case .refundDeadlinePassed: (.unprocessableContent, "refund_deadline_passed")
        case .ticketsAlreadyUsed: (.unprocessableContent, "tickets_used")
        case .refundAlreadyRequested: (.conflict, "refund_exists")
        case .noRefundInProgress: (.conflict, "no_refund")
        }
    }

    static let bookingRejections: [Booking.Rejection] = [
        .alreadyStarted, .noSuchBooking, .wrongStatus(.expired), .notYourBooking, .bookingForAnotherShow(ShowID("s2")),
        .holdExpired(at: instant), .nothingToPay, .notFree(total: money), .orderAlreadyCreated(OrderID("o1")),
        .wrongOrder(expected: OrderID("o1"), paid: OrderID("o2")), .amountMismatch(expected: money, paid: Money(minor: 1)),
        .alreadyPaid(by: PaymentID("p1")), .wrongTicketCount(expected: 2, issued: 1), .unknownTicket(TicketID("t")),
        .ticketForAnotherShow(ShowID("s2")), .ticketRefunded, .alreadyCheckedIn(at: instant, by: OrganizerID("o")),
        .outsideCheckInWindow(opens: instant, closes: instant), .notRefundable, .refundDeadlinePassed(deadline: instant), .ticketsAlreadyUsed,
        .refundAlreadyRequested(RefundID("r")), .noRefundInProgress,
    ]

    @Test(arguments: bookingRejections)
    func eachBookingRejection(_ rejection: Booking.Rejection) {
        let error = APIError(booking: rejection, id: BookingID("b1"))
        let (status, code) = Self.expected(rejection)
        #expect(error.status == status && error.code == code, "\(rejection) → \(error)")
        #expect(!error.message.isEmpty)
    }

    static func expected(_ failure: AppFailure) -> (HTTPResponse.Status, String) {
        switch failure {
        case .notFound: (.notFound, "not_found")
        case .show(let rejection, _): expected(rejection)
        case .booking(let rejection, _): expected(rejection)
        case .busy: (.conflict, "busy")
        case .storeUnavailable: (.serviceUnavailable, "store_unavailable")
        case .gateway(let error):
            switch error.kind {
            case .unavailable: (.badGateway, "gateway_unavailable")
            case .notFound: (.notFound, "not_found")
            case .refused: (.conflict, "gateway_refused")
            }
        case .bug: (.internalServerError, "internal")
        case .wrongOrder: (.badRequest, "wrong_order")
        case .paymentNotCaptured: (.conflict, "payment_not_captured")
        case .itemsGone: (.conflict, "items_gone")
        case .paidTwice: (.conflict, "already_paid")
        case .noRefund: (.conflict, "no_refund")
        case .refundNotSent: (.badGateway, "refund_not_sent")
        case .invalidWebhookSignature: (.badRequest, "invalid_signature")
        case .invalidWebhook: (.badRequest, "invalid_body")
        case .notConfirmable: (.conflict, "not_confirmable")
        case .alreadyConfirmed: (.conflict, "already_confirmed")
        case .invalidEmail, .invalidCode: (.badRequest, "invalid_body")
        case .accountExists: (.conflict, "already_registered")
        case .noAccount: (.notFound, "no_account")
        case .noCodeWaiting: (.badRequest, "no_code")
        case .wrongCode: (.unauthorized, "wrong_code")
        case .passcode(let rejection, _): expected(rejection)
        case .invalidProfile: (.badRequest, "invalid_profile")
        case .imageTooLarge: (.contentTooLarge, "image_too_large")
        case .unsupportedImage: (.unsupportedMediaType, "unsupported_image")
        case .imageNotStored: (.serviceUnavailable, "store_unavailable")
        case .slotTaken: (.conflict, "slot_taken")
        case .screenRefused(.closed): (.conflict, "hall_inactive")
        case .screenRefused(.slotsHeld): (.conflict, "hall_in_use")
        case .screenRefused: (.unprocessableContent, "screen_refused")
        case .hall(let rejection): expected(rejection)
        case .notInChat: (.forbidden, "not_in_chat")
        case .chat(let rejection): expected(rejection)
        case .queue(let rejection, _): expected(rejection)
        case .passRequired: (.forbidden, "queue_pass_required")
        }
    }

    static func expected(_ rejection: SaleQueue.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .invalidSettings: (.badRequest, "invalid_body")
        case .alreadyConfigured: (.conflict, "queue_configured")
        case .notConfigured: (.notFound, "not_found")
        case .notTheOrganizer: (.forbidden, "not_your_event")
        case .queueFull: (.conflict, "queue_full")
        case .notOpenYet, .alreadyOpen, .notOpen: (.unprocessableContent, "refused")
        }
    }

    static func expected(_ rejection: ShowChat.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .emptyMessage, .messageTooLong, .controlCharacter: (.badRequest, "invalid_body")
        case .emptyName: (.badRequest, "invalid_profile")
        case .muted: (.forbidden, "muted")
        case .tooFast: (.tooManyRequests, "too_fast")
        case .noSuchMessage: (.notFound, "not_found")
        case .notAnAuthor: (.forbidden, "not_in_chat")
        }
    }

    static let appFailures: [AppFailure] = [
        .notFound("booking b1"), .show(.noSuchShow, ShowID("s1")), .booking(.nothingToPay, BookingID("b1")), .busy("the event is changing quickly"),
        .storeUnavailable, .booking(.wrongTicketCount(expected: 2, issued: 1), BookingID("b1")), .gateway(GatewayError(.unavailable, "timeout")), .gateway(GatewayError(.notFound, "no order")),
        .gateway(GatewayError(.refused, "no")), .bug("a new hold decided nothing"),
        .wrongOrder("payment p1 belongs to another order"), .paymentNotCaptured(PaymentID("p1"), status: "authorized"), .itemsGone(BookingID("b1")),
        .paidTwice(BookingID("b1"), PaymentID("p2")), .noRefund(BookingID("b1")), .refundNotSent(RefundID("r1"), reason: "down"),
        .invalidWebhookSignature, .invalidWebhook, .notConfirmable(.notFree(total: money)), .alreadyConfirmed,
        .slotTaken(by: ShowID("s2"), from: instant, until: instant), .screenRefused(.noLayout),
        .screenRefused(.closed), .screenRefused(.slotsHeld([ShowID("s1")])), .hall(.inactive), .hall(.noSuchHall),
        .invalidEmail, .invalidCode, .accountExists(email: "a@example.com"), .noAccount(role: "customer", email: "a@example.com"),
        .noCodeWaiting(email: "a@example.com"), .wrongCode(attemptsLeft: 2), .passcode(.lockedOut(until: instant), now: instant),
        .invalidProfile("name"), .imageTooLarge(limitBytes: 2 << 20), .unsupportedImage, .imageNotStored,
        .notInChat("no ticket"), .chat(.emptyMessage), .chat(.messageTooLong(characters: 501)), .chat(.controlCharacter), .chat(.emptyName),
        .chat(.muted), .chat(.tooFast(retryAfter: instant)), .chat(.noSuchMessage(3)), .chat(.notAnAuthor),
        .queue(.invalidSettings("passMinutes must be 1 to 60"), ShowID("s1")), .queue(.alreadyConfigured, ShowID("s1")),
        .queue(.notConfigured, ShowID("s1")), .queue(.notTheOrganizer, ShowID("s1")), .queue(.queueFull, ShowID("s1")),
        .queue(.notOpenYet(opensAt: instant), ShowID("s1")), .queue(.alreadyOpen, ShowID("s1")), .queue(.notOpen, ShowID("s1")),
        .passRequired(ShowID("s1")),
    ]

    @Test(arguments: appFailures.indices)
    func eachApplicationFailure(_ index: Int) {
        let failure = Self.appFailures[index]
        let error = APIError(failure)
        let (status, code) = Self.expected(failure)
        #expect(error.status == status && error.code == code, "\(failure) → \(error)")
        #expect(!error.message.isEmpty)
        // Only the system's own failures are 5xx: the webhooks and reconciliation retry exactly those.
        #expect(failure.isFault == (error.status.code >= 500), "\(failure): isFault \(failure.isFault) but \(error.status.code)")
    }

    static func expected(_ rejection: OneTimePasscode.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .resendTooSoon: (.tooManyRequests, "resend_too_soon")
        case .noCode: (.badRequest, "no_code")
        case .lockedOut: (.tooManyRequests, "locked_out")
        case .tooManyCodes: (.tooManyRequests, "too_many_codes")
        case .codeExpired: (.unauthorized, "code_expired")
        case .tooManyAttempts: (.tooManyRequests, "too_many_attempts")
        }
    }

    static let passcodeRejections: [OneTimePasscode.Rejection] = [
        .resendTooSoon(retryAt: instant), .noCode, .lockedOut(until: instant), .tooManyCodes(retryAt: instant), .codeExpired(at: instant), .tooManyAttempts,
    ]

    @Test(arguments: passcodeRejections)
    func eachPasscodeRejection(_ rejection: OneTimePasscode.Rejection) {
        let error = APIError(passcode: .rejected(rejection), now: Self.instant.subtracting(.seconds(30)))
        let (status, code) = Self.expected(rejection)
        #expect(error.status == status && error.code == code, "\(rejection) → \(error)")
        if status == .tooManyRequests, rejection != .tooManyAttempts { #expect(error.headers[.retryAfter] == "30") }
    }

    // The other aggregates: each case's status and code, each sample checked against them.
    static func expected(_ rejection: Organizer.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .noSuchOrganizer: (.notFound, "not_found")
        case .invalidPayoutDetails: (.badRequest, "invalid_body")
        case .alreadyRegistered, .invalidEmail, .emptyName, .notTheOrganizer: (.unprocessableContent, "refused")
        }
    }

    static func expected(_ rejection: Customer.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .noSuchCustomer: (.notFound, "not_found")
        case .emailNotVerified: (.forbidden, "email_not_verified")
        case .linkedToAnotherGoogleAccount: (.conflict, "linked_to_another_google_account")
        case .alreadyRegistered, .invalidEmail, .emptyName: (.badRequest, "invalid_body")
        }
    }

    static func expected(_ rejection: SupportIssue.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .noSuchIssue: (.notFound, "not_found")
        case .alreadyRaised, .emptySubject: (.badRequest, "invalid_body")
        }
    }

    static func expected(_ rejection: Hall.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .inactive: (.conflict, "hall_inactive")
        case .alreadyRegistered, .noSuchHall, .emptyName, .screenNameTaken: (.unprocessableContent, "refused")
        }
    }

    static func expected(_ rejection: Screen.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .layoutInUse: (.conflict, "layout_in_use")
        case .invalidLayout: (.badRequest, "invalid_body")
        case .slotTaken: (.conflict, "slot_taken")
        case .slotsHeld: (.conflict, "hall_in_use")
        case .closed: (.conflict, "hall_inactive")
        case .alreadyRegistered, .noSuchScreen, .noLayout, .invalidSchedule: (.unprocessableContent, "refused")
        }
    }

    static func expected(_ rejection: Payout.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .notSettled: (.conflict, "not_settled")
        case .outOfOrder: (.conflict, "out_of_order")
        case .notTheOrganizer: (.forbidden, "not_your_event")
        case .emptyReference: (.badRequest, "invalid_body")
        case .alreadySettled: (.conflict, "already_settled")
        }
    }

    static func expected(_ rejection: AdminInvite.Rejection) -> (HTTPResponse.Status, String) {
        switch rejection {
        case .alreadyInvited: (.conflict, "already_invited")
        case .invalidEmail: (.badRequest, "invalid_body")
        case .noSuchInvite, .wrongToken: (.notFound, "not_found")
        case .inviteExpired, .inviteUsed: (.gone, rejection == .inviteUsed ? "invite_used" : "invite_expired")
        }
    }

    /// One sample of every case of the other aggregates, with what the mapping answers and what is expected.
    static let otherRejections: [(String, APIError, (HTTPResponse.Status, String))] = {
        var rows: [(String, APIError, (HTTPResponse.Status, String))] = []
        for rejection: Organizer.Rejection in [.alreadyRegistered, .noSuchOrganizer, .invalidEmail, .emptyName, .notTheOrganizer, .invalidPayoutDetails("upi")] {
            rows.append(("\(rejection)", APIError(organizer: rejection, id: OrganizerID("o1")), expected(rejection)))
        }
        for rejection: Customer.Rejection in [.alreadyRegistered, .noSuchCustomer, .invalidEmail, .emptyName, .emailNotVerified, .linkedToAnotherGoogleAccount] {
            rows.append(("\(rejection)", APIError(customer: rejection, id: CustomerID("c1"), email: "a@example.com"), expected(rejection)))
        }
        for rejection: SupportIssue.Rejection in [.alreadyRaised, .noSuchIssue, .emptySubject] {
            rows.append(("\(rejection)", APIError(issue: rejection, id: "i1"), expected(rejection)))
        }
        for rejection: Hall.Rejection in [.alreadyRegistered, .noSuchHall, .emptyName, .screenNameTaken("Screen 1"), .inactive] {
            rows.append(("\(rejection)", APIError(hall: rejection), expected(rejection)))
        }
        for rejection: Screen.Rejection in [.alreadyRegistered, .noSuchScreen, .invalidLayout("rows"), .noLayout, .layoutInUse([ShowID("s1")]),
                                            .invalidSchedule, .slotsHeld([ShowID("s1")]), .closed, .slotTaken(by: ShowID("s1"), from: instant, until: instant)] {
            rows.append(("\(rejection)", APIError(screen: rejection), expected(rejection)))
        }
        for rejection: Payout.Rejection in [.alreadySettled, .notSettled, .outOfOrder(status: .pending), .notTheOrganizer, .emptyReference] {
            rows.append(("\(rejection)", APIError(payout: rejection, show: ShowID("s1")), expected(rejection)))
        }
        for rejection: AdminInvite.Rejection in [.alreadyInvited, .noSuchInvite, .invalidEmail, .wrongToken, .inviteExpired(at: instant), .inviteUsed] {
            rows.append(("\(rejection)", APIError(invite: rejection, email: "a@example.com"), expected(rejection)))
        }
        return rows
    }()

    @Test func everyOtherAggregatesRejection() {
        for (name, error, (status, code)) in Self.otherRejections {
            #expect(error.status == status && error.code == code, "\(name) → \(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func aCommandThatKeptConflictingIsBusyAndAStoreFailureIsA503() {
        #expect(APIError(command: .tooManyConflicts(try! Show.stream(ShowID("s1"))), show: ShowID("s1")).code == "busy")
        #expect(APIError(booking: .store(.init(.io, "disk")), id: BookingID("b1")).status == .serviceUnavailable)
    }
}
