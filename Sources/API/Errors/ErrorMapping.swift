import App
import Domain
import Hummingbird

// The one file where failures become HTTP: every domain rejection, every application failure and the passcode
// and gateway answers get their status, a stable error code and a message naming what went wrong.
// `ErrorMappingTests` holds each one to its status and code.

extension APIError {
    /// The one mapping of the application's failures to HTTP. Rejections go through the aggregates' own mappings
    /// below; the rest are what the processes found.
    init(_ failure: AppFailure) {
        switch failure {
        case .notFound(let what): self = .notFound(what)
        case let .show(rejection, show): self.init(show: rejection, id: show.rawValue)
        case let .booking(rejection, booking): self.init(booking: rejection, id: booking)
        case .busy(let what): self.init(.conflict, code: "busy", "\(what); try again")
        case .storeUnavailable: self = .storeUnavailable()
        case .gateway(let error): self.init(gateway: error)
        case .bug(let what): self.init(.internalServerError, code: "internal", what)
        case .wrongOrder(let what): self.init(.badRequest, code: "wrong_order", what)
        case let .paymentNotCaptured(payment, status):
            self.init(.conflict, code: "payment_not_captured", "payment \(payment) is \(status), not captured")
        case .itemsGone(let booking):
            self.init(.conflict, code: "items_gone",
                      "the hold of booking \(booking) ended and its items were taken before the payment arrived; the payment is refunded in full")
        case let .paidTwice(booking, payment):
            self.init(.conflict, code: "already_paid", "booking \(booking) was already paid; payment \(payment) is refunded")
        case .noRefund(let booking): self.init(.conflict, code: "no_refund", "booking \(booking) has no refund")
        case let .refundNotSent(refund, reason):
            self.init(.badGateway, code: "refund_not_sent",
                      "refund \(refund) is recorded but the gateway did not take it (\(reason)); ask again to resend it")
        case .invalidWebhookSignature:
            self.init(.badRequest, code: "invalid_signature", "header X-Razorpay-Signature does not match the body")
        case .invalidWebhook: self.init(.badRequest, code: "invalid_body", "the webhook body is not a gateway event")
        case .notConfirmable(let rejection):
            self.init(.conflict, code: "not_confirmable", "the booking cannot be confirmed: \(rejection)")
        case .alreadyConfirmed: self.init(.conflict, code: "already_confirmed", "the booking was already confirmed")
        case .invalidEmail: self = .invalidBody("field email is not a valid e-mail address")
        case .invalidCode: self = .invalidBody("field inputOtp must be 6 digits")
        case .accountExists(let email): self = .alreadyRegistered("an account with email \(email) exists; sign in instead")
        case let .noAccount(role, email): self = .noAccount("no \(role) account has email \(email); sign up first")
        case .noCodeWaiting(let email): self = .noCode("no code is waiting for \(email); ask for a new one")
        case .wrongCode(let left): self = .wrongCode("the code is wrong; \(left) attempt(s) left")
        case let .passcode(rejection, now): self.init(passcode: .rejected(rejection), now: now)
        case .invalidProfile(let what): self = .invalidProfile(what)
        case .imageTooLarge(let limit): self = .imageTooLarge("the image is larger than \(limit >> 20) MiB")
        case .unsupportedImage: self = .unsupportedImage("the image must be a PNG, JPEG or WebP image")
        case .imageNotStored: self = .storeUnavailable("the image could not be stored; try again")
        case let .slotTaken(other, from, until):
            self.init(.conflict, code: "slot_taken", "the screen is taken by event \(other) from \(from.iso8601) to \(until.iso8601)")
        case .screenRefused(let rejection):
            switch rejection {
            case .closed, .slotsHeld: self.init(screen: rejection)
            default: self.init(.unprocessableContent, code: "screen_refused", "the screen refused the slot: \(rejection)")
            }
        case .hall(let rejection): self.init(hall: rejection)
        case .notInChat(let why): self.init(.forbidden, code: "not_in_chat", why)
        case .chat(let rejection): self.init(chat: rejection)
        case let .queue(rejection, show): self.init(queue: rejection, show: show)
        case .passRequired(let show):
            self.init(.forbidden, code: "queue_pass_required",
                      "event \(show) sells through its queue: join it (POST /api/queue/\(show)) and hold with the pass it gives you once admitted")
        }
    }

    /// The one mapping of a chat's rejections: 400 for the message itself, 403 muted, 429 too fast, 404 no message.
    init(chat rejection: ShowChat.Rejection) {
        switch rejection {
        case .emptyMessage: self = .invalidBody("field text is empty")
        case .messageTooLong(let characters):
            self = .invalidBody("field text is \(characters) characters long; a message has at most \(ShowChat.maxLength)")
        case .controlCharacter: self = .invalidBody("field text contains a control character")
        case .emptyName: self = .invalidProfile("your profile has no name to show beside a message; set one first")
        case .muted: self.init(.forbidden, code: "muted", "the organizer has muted you in this chat")
        case .tooFast(let retryAfter):
            let seconds = max(1, Int((retryAfter.rawValue - Instant.now().rawValue + 999) / 1000))
            self = .tooManyRequests(code: "too_fast", "at most \(ShowChat.burst) messages in \(ShowChat.window.components.seconds) seconds; wait \(seconds) s",
                                    retryAfter: seconds)
        case .noSuchMessage(let number): self = .notFound("message \(number)")
        case .notAnAuthor: self.init(.forbidden, code: "not_in_chat", "only ticket holders and the event's organizer post in its chat")
        }
    }

    /// A failed show command as HTTP.
    init(command failure: CommandFailure<Show.Rejection>, show: ShowID) {
        self.init(AppFailure(failure, show: show))
    }

    /// The one mapping of show rejections to HTTP: 404 unknown, 409 taken, 422 a rule says no, 400 bad references.
    init(show rejection: Show.Rejection, id: String) {
        switch rejection {
        case .noSuchShow:
            self = .notFound("event \(id)")
        case .seatsUnavailable(let seats):
            self.init(.conflict, code: "seats_unavailable", "seats \(Self.list(seats.map(\.rawValue))) are held or sold; nothing was held")
        case let .notEnoughSeats(requested, free):
            self.init(.conflict, code: "seats_unavailable", "\(requested) seats asked for and \(free) of them free; nothing was held")
        case .wouldLeaveLoneSeats(let seats):
            self.init(.unprocessableContent, code: "lone_seat",
                      "seats \(Self.list(seats.map(\.rawValue))) would be left alone between taken seats; event \(id) asks for a choice that leaves none (or ask for the best seats)")
        case .unknownSeatType(let type):
            self.init(.badRequest, code: "unknown_seat_type", "field best.seatType: event \(id) has no seats of type \(type)")
        case .ticketsUnavailable(let available):
            let detail = available.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) left" }.joined(separator: ", ")
            self.init(.conflict, code: "tickets_unavailable", "not enough tickets (\(detail)); nothing was held")
        case .itemsNoLongerAvailable:
            self.init(.conflict, code: "items_unavailable", "the items were taken after the hold ended")
        case .unknownSeats(let seats):
            self.init(.badRequest, code: "unknown_seats", "seats \(Self.list(seats.map(\.rawValue))) are not in this event's layout")
        case .unknownCategories(let categories):
            self.init(.badRequest, code: "unknown_categories", "categories \(Self.list(categories.map(\.rawValue))) do not exist for this event")
        case .emptyRequest:
            self.init(.badRequest, code: "invalid_body", "ask for at least one seat or ticket, with counts above zero")
        case .wrongKindOfRequest:
            self.init(.badRequest, code: "invalid_body", "this kind of event is booked with \(id.isEmpty ? "another" : "a different") field (seats, tickets or participants)")
        case let .tooManyTickets(requested, limit):
            self.init(.unprocessableContent, code: "too_many_tickets", "\(requested) tickets asked for; at most \(limit) per order")
        case .notOnSale(let status):
            self.init(.unprocessableContent, code: "not_on_sale", "event \(id) is not on sale (it is \(status.rawValue))")
        case .bookingClosed(let closedAt):
            self.init(.unprocessableContent, code: "booking_closed", "booking for event \(id) closed at \(closedAt.rawValue) ms since 1970")
        case .invalidRegistration(.alreadyRegistered(let limit)):
            self.init(.conflict, code: "already_registered",
                      "you already have \(limit == 1 ? "a registration" : "\(limit) registrations, the most") for event \(id)")
        case .invalidRegistration(let problem):
            self.init(.unprocessableContent, code: "invalid_registration", "the registration does not fit the form: \(problem.message)")
        case .bookingAlreadyUsed, .notYourHold:
            self.init(.conflict, code: "booking_conflict", "that booking belongs to another hold")
        case .showCancelled:
            self.init(.unprocessableContent, code: "event_cancelled", "event \(id) was cancelled")
        case .wouldStrandTickets(let what):
            self.init(.unprocessableContent, code: "would_strand_tickets", "the change was refused: \(what)")
        case .invalidConfiguration(let problem):
            self.init(.unprocessableContent, code: "invalid_configuration", "the event's configuration was refused: \(problem)")
        case .alreadyDrafted, .notTheOrganizer, .invalidSchedule, .wrongStatus, .showNotOver:
            self.init(.unprocessableContent, code: "rule_violated", "\(rejection)")
        }
    }

    static func list(_ items: [String]) -> String { items.sorted().joined(separator: ", ") }

    /// The HTTP answer to a refused passcode command.
    init(passcode failure: CommandFailure<OneTimePasscode.Rejection>, now: Instant) {
        func seconds(until instant: Instant) -> Int { Int((instant.rawValue - now.rawValue + 999) / 1000) }
        switch failure {
        case .rejected(.resendTooSoon(let retryAt)):
            self = .tooManyRequests(code: "resend_too_soon", "a code was sent less than a minute ago; ask again at \(retryAt.iso8601)",
                                    retryAfter: seconds(until: retryAt))
        case .rejected(.lockedOut(let until)):
            self = .tooManyRequests(code: "locked_out", "too many wrong codes for this address; it is locked until \(until.iso8601)",
                                    retryAfter: seconds(until: until))
        case .rejected(.tooManyCodes(let retryAt)):
            self = .tooManyRequests(code: "too_many_codes", "too many codes were sent to this address; ask again at \(retryAt.iso8601)",
                                    retryAfter: seconds(until: retryAt))
        case .rejected(.noCode):
            self.init(.badRequest, code: "no_code", "no code is waiting for this address; ask for a new one")
        case .rejected(.codeExpired):
            self.init(.unauthorized, code: "code_expired", "the code expired; ask for a new one")
        case .rejected(.tooManyAttempts):
            self.init(.tooManyRequests, code: "too_many_attempts", "too many wrong codes; ask for a new one")
        case .store, .encoding, .alongside, .tooManyConflicts:
            self = .storeUnavailable()
        }
    }

    /// A failed booking command as HTTP.
    init(booking failure: CommandFailure<Booking.Rejection>, id: BookingID) {
        self.init(AppFailure(failure, booking: id))
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

extension RegistrationProblem {
    /// Participants are numbered from 1, as a person counts them.
    var message: String {
        switch self {
        case .teamSize(let size, let allowed):
            "a team has \(allowed.lowerBound) to \(allowed.upperBound) participants, not \(size)"
        case .missingAnswer(let participant, let field):
            "participant \(participant + 1) has no answer for the required field \(field)"
        case .answerNotAnOption(let participant, let field):
            "participant \(participant + 1) answered field \(field) with something that is not one of its options"
        case .unknownField(let field):
            "the form has no field \(field)"
        case let .answerTooLong(participant, field, limit):
            "participant \(participant + 1)'s answer for field \(field) is longer than \(limit) characters"
        case .alreadyRegistered(let limit):
            "the customer already has \(limit) registration\(limit == 1 ? "" : "s"), the most this event allows"
        }
    }
}

// The other aggregates' rejections: accounts, halls and screens, support issues, payouts, admin invites.
extension APIError {
    init(organizer rejection: Organizer.Rejection, id: OrganizerID) {
        switch rejection {
        case .noSuchOrganizer: self = .notFound("organizer account \(id)")
        case .invalidPayoutDetails(let problem): self = .invalidBody("payout details: \(problem)")
        case .alreadyRegistered, .invalidEmail, .emptyName, .notTheOrganizer: self = .refused("refused: \(rejection)")
        }
    }

    /// `email` names the address in the answers about Google sign-in.
    init(customer rejection: Customer.Rejection, id: CustomerID, email: String? = nil) {
        switch rejection {
        case .noSuchCustomer: self = .notFound("customer account \(id)")
        case .emailNotVerified:
            self = .emailNotVerified("Google has not verified \(email ?? "the address"); sign in with a passcode instead")
        case .linkedToAnotherGoogleAccount:
            self = .linkedToAnotherGoogleAccount("the account of \(email ?? id.rawValue) is linked to another Google account")
        case .alreadyRegistered, .invalidEmail, .emptyName: self = .invalidBody("refused: \(rejection)")
        }
    }

    init(issue rejection: SupportIssue.Rejection, id: String) {
        switch rejection {
        case .noSuchIssue: self = .notFound("issue \(id)")
        case .alreadyRaised, .emptySubject: self = .invalidBody("refused: \(rejection)")
        }
    }

    /// 404 unknown or removed, 422 a bad address or no topic, 409 an outcome that is not the next (never an
    /// organizer's call).
    init(webhook rejection: Webhook.Rejection, id: String) {
        switch rejection {
        case .noSuchWebhook, .notTheOrganizer, .removed: self = .notFound("webhook \(id)")
        case .invalidURL(let problem): self.init(.unprocessableContent, code: "invalid_url", "field url: \(problem)")
        case .noTopics: self = .invalidBody("field topics must name at least one of \(WebhookTopic.allCases.map(\.rawValue).joined(separator: ", "))")
        case .alreadyRegistered, .notNext: self = .refused("refused: \(rejection)")
        }
    }

    init(queue rejection: SaleQueue.Rejection, show: ShowID) {
        switch rejection {
        case .invalidSettings(let problem): self = .invalidBody("field \(problem)")
        case .alreadyConfigured: self.init(.conflict, code: "queue_configured", "event \(show) has a queue already; its settings stay as they are")
        case .notConfigured: self = .notFound("a queue for event \(show)")
        case .notTheOrganizer: self = .notYourEvent("event \(show) belongs to another organizer")
        case .queueFull: self.init(.conflict, code: "queue_full", "the queue of event \(show) is full")
        case .notOpenYet, .alreadyOpen, .notOpen: self = .refused("refused: \(rejection)")
        }
    }

    init(waitingList rejection: WaitingList.Rejection, show: ShowID) {
        switch rejection {
        case .alreadyWaiting: self.init(.conflict, code: "already_waiting", "you are on the waiting list of event \(show) already, with another wish or an offer open")
        case .notWaiting: self = .notFound("a place of yours on the waiting list of event \(show)")
        case .invalidCount: self = .invalidBody("field count must be 1 to \(WaitingList.largestWish)")
        case .listFull: self.init(.conflict, code: "waiting_list_full", "the waiting list of event \(show) is full (\(WaitingList.longestList) waiting)")
        case .alreadyOffered, .noSuchOffer: self = .refused("refused: \(rejection)")
        }
    }

    init(hall rejection: Hall.Rejection) {
        switch rejection {
        case .inactive: self = .hallInactive("the hall is inactive: activate it first")
        case .alreadyRegistered, .noSuchHall, .emptyName, .screenNameTaken: self = .refused("refused: \(rejection)")
        }
    }

    init(screen rejection: Screen.Rejection) {
        switch rejection {
        case .layoutInUse(let shows):
            self = .layoutInUse("the layout cannot change while events \(shows.map(\.rawValue).sorted().joined(separator: ", ")) hold slots on the screen")
        case .invalidLayout(let problem): self = .invalidBody("field rows: \(problem)")
        case let .slotTaken(other, from, until): self.init(AppFailure.slotTaken(by: other, from: from, until: until))
        case .slotsHeld(let shows):
            self = .hallInUse("events \(shows.map(\.rawValue).sorted().joined(separator: ", ")) hold slots on the screen")
        case .closed: self = .hallInactive("the screen's hall is inactive and takes no new events")
        case .alreadyRegistered, .noSuchScreen, .noLayout, .invalidSchedule: self = .refused("refused: \(rejection)")
        }
    }

    init(payout rejection: Payout.Rejection, show: ShowID) {
        switch rejection {
        case .notSettled: self = .notSettled("event \(show) has no payout yet: it has not ended")
        case .outOfOrder(let status): self = .outOfOrder("the payout is \(status.rawValue); steps go receipt, initiate, confirm")
        case .notTheOrganizer: self = .notYourEvent("event \(show) belongs to another organizer")
        case .emptyReference: self = .invalidBody("field reference must name the transfer")
        case .alreadySettled: self = .alreadySettled("the payout is already settled")
        }
    }

    init(invite rejection: AdminInvite.Rejection, email: String) {
        switch rejection {
        case .alreadyInvited: self = .alreadyInvited("\(email) was already invited")
        case .invalidEmail: self = .invalidBody("field email is not a valid e-mail address")
        case .noSuchInvite, .wrongToken: self = .notFound("the invite")
        case .inviteExpired(let at): self = .inviteExpired("the invite expired at \(at.iso8601)")
        case .inviteUsed: self = .inviteUsed("this invite was already used")
        }
    }

    /// Any aggregate's failed command: its rejection through the aggregate's mapping above, a store failure as 503.
    init<R>(_ failure: CommandFailure<R>, rejection map: (R) -> APIError) {
        switch failure {
        case .rejected(let rejection): self = map(rejection)
        case .tooManyConflicts: self.init(AppFailure.busy("the record is changing quickly"))
        case .store, .encoding, .alongside: self = .storeUnavailable()
        }
    }
}
