/// A show's settlement with its organizer: settled when the show ends, then receipt sent, payment initiated by
/// an admin, and payment confirmed by the organizer, in that order only.
public enum Payout: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        case settle(show: ShowID, organizer: OrganizerID, figures: PayoutFigures, now: Instant)
        case sendReceipt(by: AdminID, now: Instant)
        case initiate(by: AdminID, method: PayoutMethod, reference: String, now: Instant)
        case confirmPaid(by: OrganizerID, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadySettled
        case notSettled
        /// Steps happen in order: the payout is at `status`, so this step cannot come now.
        case outOfOrder(status: PayoutStatus)
        case notTheOrganizer
        case emptyReference
    }

    public struct State: Sendable, Equatable {
        public var status: PayoutStatus = .none
        public var show: ShowID?
        public var organizer: OrganizerID?
        public var figures: PayoutFigures?
        public var method: PayoutMethod?
        public var reference: String?
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .settle(show, organizer, figures, now):
            if state.show == show && state.figures == figures { return [] }
            guard state.status == .none else { throw .alreadySettled }
            return [.settled(PayoutSettled(show: show, organizer: organizer, figures: figures, at: now))]
        case let .sendReceipt(admin, now):
            if state.status == .receiptSent { return [] }
            try step(from: .pending, state)
            return [.receiptSent(PayoutReceiptSent(admin: admin, at: now))]
        case let .initiate(admin, method, reference, now):
            if state.status == .initiated && state.reference == reference { return [] }
            guard !reference.trimmed.isEmpty else { throw .emptyReference }
            try step(from: .receiptSent, state)
            return [.initiated(PayoutInitiated(admin: admin, method: method, reference: reference, at: now))]
        case let .confirmPaid(organizer, now):
            guard state.status != .none else { throw .notSettled }
            guard state.organizer == organizer else { throw .notTheOrganizer }
            if state.status == .paid { return [] }
            try step(from: .initiated, state)
            return [.paid(PayoutPaid(organizer: organizer, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .settled(let settled):
            state.status = .pending
            state.show = settled.show
            state.organizer = settled.organizer
            state.figures = settled.figures
        case .receiptSent: state.status = .receiptSent
        case .initiated(let initiated):
            state.status = .initiated
            state.method = initiated.method
            state.reference = initiated.reference
        case .paid: state.status = .paid
        }
        return state
    }

    private static func step(from required: PayoutStatus, _ state: State) throws(Rejection) {
        guard state.status != .none else { throw .notSettled }
        guard state.status == required else { throw .outOfOrder(status: state.status) }
    }
}

/// Where a payout is.
public enum PayoutStatus: String, Hashable, Sendable, Codable {
    case none, pending, receiptSent, initiated, paid
}

/// How the organizer is paid.
public enum PayoutMethod: String, Hashable, Sendable, Codable {
    case upi, bankTransfer
}
