public import Domain
public import EventStore

/// Why the application did not do what it was asked: typed, never HTTP. A domain rejection travels as it is (with
/// the id it concerns); the rest are what the processes themselves find (the gateway's answer, a payment that
/// cannot buy anything, the log failing). The API turns each case into a status and an error code in one file,
/// `Sources/API/Errors/ErrorMapping.swift`.
public enum AppFailure: Error, Sendable {
    /// The thing does not exist, or must not be known to exist (another customer's booking): "booking b-1".
    case notFound(String)
    /// The show's decider refused.
    case show(Show.Rejection, ShowID)
    /// The booking's decider refused.
    case booking(Booking.Rejection, BookingID)
    /// The stream kept changing under the command: "the event is changing quickly".
    case busy(String)
    /// The log or the views cannot be read or written right now.
    case storeUnavailable
    /// The payment gateway could not be reached, or refused.
    case gateway(GatewayError)
    /// A bug, never the caller's input: what could not be done.
    case bug(String)

    // Paying.
    /// The payment (or the order named) is not the booking's order.
    case wrongOrder(String)
    /// The gateway has not captured the payment.
    case paymentNotCaptured(PaymentID, status: String)
    /// Paid after the hold ended and the items went to someone else: the payment is refunded in full.
    case itemsGone(BookingID)
    /// A second payment for a booking already paid: it is refunded.
    case paidTwice(BookingID, PaymentID)
    /// The booking has no refund to send.
    case noRefund(BookingID)
    /// The refund is recorded but the gateway did not take it; asking again resends it.
    case refundNotSent(RefundID, reason: String)
    /// A webhook whose signature does not match its body.
    case invalidWebhookSignature
    /// A webhook body that is not a gateway event.
    case invalidWebhook

    // Shows and their screens.
    /// The screen's slot (with its turnaround) overlaps another show's.
    case slotTaken(by: ShowID, from: Instant, until: Instant)
    /// The screen refused the slot for another reason.
    case screenRefused(Screen.Rejection)
    /// The hall refused the change.
    case hall(Hall.Rejection)

    // Signing in with an e-mailed code.
    /// The address is not a plausible e-mail address.
    case invalidEmail
    /// A code is six digits.
    case invalidCode
    /// Signing up with an address that has an account of that role.
    case accountExists(email: String)
    /// Signing in with an address that has no account of that role.
    case noAccount(role: String, email: String)
    /// No code is waiting for the address.
    case noCodeWaiting(email: String)
    /// The code is wrong; this many tries are left.
    case wrongCode(attemptsLeft: Int)
    /// The passcode's decider refused (too soon, locked out, expired …), as of `now`.
    case passcode(OneTimePasscode.Rejection, now: Instant)
    /// The sign-up's details were refused.
    case invalidProfile(String)

    // Uploads.
    /// An image over the size limit.
    case imageTooLarge(limitBytes: Int)
    /// Not a PNG, JPEG or WebP image, by its bytes.
    case unsupportedImage
    /// The image could not be written.
    case imageNotStored

    // Confirming a free hold.
    /// The booking's decider refused to confirm it free.
    case notConfirmable(Booking.Rejection)
    /// It was confirmed before.
    case alreadyConfirmed

    // A show's chat.
    /// Not a member of the show's chat (no ticket, another organizer's show): why.
    case notInChat(String)
    /// The chat's decider refused (too long, too fast, muted …).
    case chat(ShowChat.Rejection)

    // On-sale queues.
    /// The queue's decider refused (settings out of range, configured already, not open yet …).
    case queue(SaleQueue.Rejection, ShowID)
    /// A hold on a queued show without a pass that lets this customer hold now.
    case passRequired(ShowID)

    /// Whether the failure is the system's (the log, the gateway unreachable, a bug) rather than an answer about
    /// the request: webhooks and reconciliation retry the first kind and take the second as settled.
    public var isFault: Bool {
        switch self {
        case .storeUnavailable, .bug, .refundNotSent, .booking(.wrongTicketCount, _), .imageNotStored: true
        case .gateway(let error): error.kind == .unavailable
        default: false
        }
    }
}

extension AppFailure {
    /// For a follower (a reactor): a store that could not be reached, as the log's own `.unavailable`, which
    /// `CheckpointedFollower` waits out and handles the page again; `nil` for a failure that is an answer.
    public var unavailableStore: EventStoreError? {
        if case .storeUnavailable = self { EventStoreError(.unavailable, "the store could not be reached") } else { nil }
    }

    /// A failed queue command.
    public init(queue failure: CommandFailure<SaleQueue.Rejection>, show: ShowID) {
        switch failure {
        case .rejected(let rejection): self = .queue(rejection, show)
        case .tooManyConflicts: self = .busy("the queue is changing quickly")
        case .store, .encoding: self = .storeUnavailable
        case .alongside: self = .bug("what the queue writes alongside could not be prepared")
        }
    }

    /// A failed show command.
    public init(_ failure: CommandFailure<Show.Rejection>, show: ShowID) {
        switch failure {
        case .rejected(let rejection): self = .show(rejection, show)
        case .tooManyConflicts: self = .busy("the event is changing quickly")
        case .store, .encoding: self = .storeUnavailable
        case .alongside: self = .bug("what the command writes alongside could not be prepared")
        }
    }

    /// A failed booking command.
    public init(_ failure: CommandFailure<Booking.Rejection>, booking: BookingID) {
        switch failure {
        case .rejected(let rejection): self = .booking(rejection, booking)
        case .tooManyConflicts: self = .busy("booking \(booking) is changing quickly")
        case .store, .encoding, .alongside: self = .storeUnavailable
        }
    }
}

extension AppFailure {
    /// A failed passcode command, as of `now` (a throttle says how long to wait).
    public init(_ failure: CommandFailure<OneTimePasscode.Rejection>, now: Instant) {
        switch failure {
        case .rejected(let rejection): self = .passcode(rejection, now: now)
        case .store, .encoding, .alongside, .tooManyConflicts: self = .storeUnavailable
        }
    }
}
