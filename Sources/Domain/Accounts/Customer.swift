/// A customer's account: profile and liked shows. A like counts once; unliking what was never liked changes
/// nothing (the original decremented the counter anyway).
public enum Customer: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        case register(CustomerID, email: String, name: String, now: Instant)
        case updateProfile(name: String, phone: String)
        case like(ShowID)
        case unlike(ShowID)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRegistered
        case noSuchCustomer
        case invalidEmail
        case emptyName
    }

    public struct State: Sendable, Equatable {
        public var id: CustomerID?
        public var email: String?
        public var name: String?
        public var phone: String?
        public var likes: Set<ShowID> = []
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .register(id, email, name, now):
            if state.id == id && state.email == email { return [] }
            guard state.id == nil else { throw .alreadyRegistered }
            guard EmailAddress.isPlausible(email) else { throw .invalidEmail }
            guard !name.trimmed.isEmpty else { throw .emptyName }
            return [.registered(CustomerRegistered(customer: id, email: email, name: name, at: now))]
        case let .updateProfile(name, phone):
            guard state.id != nil else { throw .noSuchCustomer }
            guard !name.trimmed.isEmpty else { throw .emptyName }
            if state.name == name && state.phone == phone { return [] }
            return [.profileUpdated(CustomerProfileUpdated(name: name, phone: phone))]
        case .like(let show):
            guard state.id != nil else { throw .noSuchCustomer }
            return state.likes.contains(show) ? [] : [.liked(ShowLiked(show: show))]
        case .unlike(let show):
            guard state.id != nil else { throw .noSuchCustomer }
            return state.likes.contains(show) ? [.unliked(ShowUnliked(show: show))] : []
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .registered(let registered):
            state.id = registered.customer
            state.email = registered.email
            state.name = registered.name
        case .profileUpdated(let updated):
            state.name = updated.name
            state.phone = updated.phone
        case .liked(let liked): state.likes.insert(liked.show)
        case .unliked(let unliked): state.likes.remove(unliked.show)
        }
        return state
    }

    /// What happened to a customer's account: the storage contract of the `customer` stream category.
    public enum Event: Sendable, Equatable {
        case registered(CustomerRegistered)
        case profileUpdated(CustomerProfileUpdated)
        case liked(ShowLiked)
        case unliked(ShowUnliked)
    }
}

public struct CustomerRegistered: Hashable, Sendable, Codable {
    public var customer: CustomerID
    public var email: String
    public var name: String
    public var at: Instant
    public init(customer: CustomerID, email: String, name: String, at: Instant) {
        self.customer = customer
        self.email = email
        self.name = name
        self.at = at
    }
}

public struct CustomerProfileUpdated: Hashable, Sendable, Codable {
    public var name: String
    public var phone: String
    public init(name: String, phone: String) {
        self.name = name
        self.phone = phone
    }
}

public struct ShowLiked: Hashable, Sendable, Codable {
    public var show: ShowID
    public init(show: ShowID) { self.show = show }
}

public struct ShowUnliked: Hashable, Sendable, Codable {
    public var show: ShowID
    public init(show: ShowID) { self.show = show }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Customer: EventCodec {
    public static let category = "customer"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .registered(let payload): StoredEvent("CustomerRegistered", payload)
        case .profileUpdated(let payload): StoredEvent("CustomerProfileUpdated", payload)
        case .liked(let payload): StoredEvent("ShowLiked", payload)
        case .unliked(let payload): StoredEvent("ShowUnliked", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "CustomerRegistered": .registered(try CustomerRegistered(from: decoder))
        case "CustomerProfileUpdated": .profileUpdated(try CustomerProfileUpdated(from: decoder))
        case "ShowLiked": .liked(try ShowLiked(from: decoder))
        case "ShowUnliked": .unliked(try ShowUnliked(from: decoder))
        default: nil
        }
    }
}
