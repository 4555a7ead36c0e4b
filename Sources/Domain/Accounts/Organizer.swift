/// An organizer's account: who they are and where their payouts go. Only the organizer changes payout details;
/// in the original anyone could overwrite an organizer's UPI id and divert the payout.
public enum Organizer: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        case register(OrganizerID, email: String, name: String, phone: String, now: Instant)
        case setPayoutDetails(PayoutDetails, by: OrganizerID, now: Instant)
        /// An admin reads the payout details (to pay the organizer): every read is recorded, who and when.
        case recordPayoutDetailsRead(by: AdminID, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRegistered
        case noSuchOrganizer
        case invalidEmail
        case emptyName
        case notTheOrganizer
        case invalidPayoutDetails(String)
    }

    public struct State: Sendable, Equatable {
        public var id: OrganizerID?
        public var email: String?
        public var name: String?
        public var phone: String?
        public var payoutDetails: PayoutDetails?
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .register(id, email, name, phone, now):
            if state.id == id && state.email == email { return [] }
            guard state.id == nil else { throw .alreadyRegistered }
            guard EmailAddress.isPlausible(email) else { throw .invalidEmail }
            guard !name.trimmed.isEmpty else { throw .emptyName }
            return [.registered(OrganizerRegistered(organizer: id, email: email, name: name, phone: phone, at: now))]
        case let .setPayoutDetails(details, organizer, now):
            guard let id = state.id else { throw .noSuchOrganizer }
            guard id == organizer else { throw .notTheOrganizer }
            if let problem = details.problem { throw .invalidPayoutDetails(problem) }
            if state.payoutDetails == details { return [] }
            return [.payoutDetailsSet(PayoutDetailsSet(details: details, at: now))]
        case let .recordPayoutDetailsRead(admin, now):
            guard state.id != nil else { throw .noSuchOrganizer }
            // Not idempotent on purpose: each read is its own fact for an audit.
            return [.payoutDetailsRead(PayoutDetailsRead(by: admin, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .registered(let registered):
            state.id = registered.organizer
            state.email = registered.email
            state.name = registered.name
            state.phone = registered.phone
        case .payoutDetailsSet(let set): state.payoutDetails = set.details
        case .payoutDetailsRead: break
        }
        return state
    }

    /// What happened to an organizer's account: the storage contract of the `organizer` stream category.
    public enum Event: Sendable, Equatable {
        case registered(OrganizerRegistered)
        case payoutDetailsSet(PayoutDetailsSet)
        case payoutDetailsRead(PayoutDetailsRead)
    }
}

/// Where an organizer is paid.
public enum PayoutDetails: Hashable, Sendable, Codable {
    case upi(id: String)
    case bankAccount(holder: String, number: String, ifsc: String)

    /// What is wrong with the details, or `nil`.
    public var problem: String? {
        switch self {
        case .upi(let id):
            let parts = id.split(separator: "@")
            return parts.count == 2 && !id.contains(where: \.isWhitespace) ? nil : "a UPI id looks like name@bank"
        case let .bankAccount(holder, number, ifsc):
            if holder.trimmed.isEmpty { return "the account holder is empty" }
            if !(9...18).contains(number.count) || !number.allSatisfy(\.isNumber) { return "an account number has 9 to 18 digits" }
            if ifsc.count != 11 { return "an IFSC code has 11 characters" }
            return nil
        }
    }
}

public struct OrganizerRegistered: Hashable, Sendable, Codable {
    public var organizer: OrganizerID
    public var email: String
    public var name: String
    public var phone: String
    public var at: Instant
    public init(organizer: OrganizerID, email: String, name: String, phone: String, at: Instant) {
        self.organizer = organizer
        self.email = email
        self.name = name
        self.phone = phone
        self.at = at
    }
}

public struct PayoutDetailsSet: Hashable, Sendable, Codable {
    public var details: PayoutDetails
    public var at: Instant
    public init(details: PayoutDetails, at: Instant) {
        self.details = details
        self.at = at
    }
}

public struct PayoutDetailsRead: Hashable, Sendable, Codable {
    public var by: AdminID
    public var at: Instant
    public init(by: AdminID, at: Instant) {
        self.by = by
        self.at = at
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Organizer: EventCodec {
    public static let category = "organizer"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .registered(let payload): StoredEvent("OrganizerRegistered", payload)
        case .payoutDetailsSet(let payload): StoredEvent("PayoutDetailsSet", payload)
        case .payoutDetailsRead(let payload): StoredEvent("PayoutDetailsRead", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "OrganizerRegistered": .registered(try OrganizerRegistered(from: decoder))
        case "PayoutDetailsSet": .payoutDetailsSet(try PayoutDetailsSet(from: decoder))
        case "PayoutDetailsRead": .payoutDetailsRead(try PayoutDetailsRead(from: decoder))
        default: nil
        }
    }
}
