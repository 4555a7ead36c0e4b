/// A customer's account: profile, liked shows and a linked Google account. A like counts once; unliking what was
/// never liked changes nothing (the original decremented the counter anyway). Google sign-in joins an account only
/// on an address Google has verified: the account id derives from the address, so an unverified one would let
/// anybody take over (or squat) the account of that address.
///
/// Erasing a customer (at their request or an admin's) is an event of its own, written as their personal-data key is
/// destroyed: what the log holds of them reads as `PersonalData.erased` from then on. An erased account is closed;
/// the address may sign up again, as a new account on the same stream (its id derives from the address).
public enum Customer: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        case register(CustomerID, email: String, name: String, now: Instant)
        case updateProfile(name: String, phone: String)
        case like(ShowID)
        case unlike(ShowID)
        /// Sign-in with a Google ID token already verified by the shell: registers the account if there is none,
        /// links the Google account if the account has none, or signs in the one already linked.
        case signInWithGoogle(CustomerID, GoogleAccount, now: Instant)
        /// Erases the customer's personal data; `by` is who asked (the customer, or an admin).
        case erase(by: Actor, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRegistered
        case noSuchCustomer
        case invalidEmail
        case emptyName
        /// Google has not verified the address, so it proves nothing about who owns it.
        case emailNotVerified
        /// The account is linked to another Google account.
        case linkedToAnotherGoogleAccount
    }

    public struct State: Sendable, Equatable {
        public var id: CustomerID?
        public var email: String?
        public var name: String?
        public var phone: String?
        public var likes: Set<ShowID> = []
        /// The Google account's subject (`sub`), once linked.
        public var googleSubject: String?
        /// Erased, and not signed up again since.
        public var erased = false
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .register(id, email, name, now):
            if state.id == id && state.email == email && !state.erased { return [] }
            guard state.id == nil || state.erased else { throw .alreadyRegistered }
            guard EmailAddress.isPlausible(email) else { throw .invalidEmail }
            guard !name.trimmed.isEmpty else { throw .emptyName }
            return [.registered(CustomerRegistered(customer: id, email: email, name: name, at: now))]
        case let .updateProfile(name, phone):
            guard let id = state.id, !state.erased else { throw .noSuchCustomer }
            guard !name.trimmed.isEmpty else { throw .emptyName }
            if state.name == name && state.phone == phone { return [] }
            return [.profileUpdated(CustomerProfileUpdated(customer: id, name: name, phone: phone))]
        case .like(let show):
            guard state.id != nil, !state.erased else { throw .noSuchCustomer }
            return state.likes.contains(show) ? [] : [.liked(ShowLiked(show: show))]
        case .unlike(let show):
            guard state.id != nil, !state.erased else { throw .noSuchCustomer }
            return state.likes.contains(show) ? [.unliked(ShowUnliked(show: show))] : []
        case let .signInWithGoogle(id, google, now):
            if state.googleSubject == google.subject && !state.erased { return [] }
            guard state.googleSubject == nil || state.erased else { throw .linkedToAnotherGoogleAccount }
            guard google.emailVerified else { throw .emailNotVerified }
            let linked = Event.googleLinked(GoogleAccountLinked(customer: id, subject: google.subject, email: google.email, at: now))
            if state.id != nil && !state.erased { return [linked] }
            return try decide(.register(id, email: google.email, name: google.name.trimmed.isEmpty ? google.email : google.name, now: now), state) + [linked]
        case let .erase(by, now):
            guard let id = state.id else { throw .noSuchCustomer }
            if state.erased { return [] }
            return [.erased(CustomerErased(customer: id, by: by, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .registered(let registered):
            state = State()
            state.id = registered.customer
            state.email = registered.email
            state.name = registered.name
        case .profileUpdated(let updated):
            state.name = updated.name
            state.phone = updated.phone
        case .liked(let liked): state.likes.insert(liked.show)
        case .unliked(let unliked): state.likes.remove(unliked.show)
        case .googleLinked(let linked): state.googleSubject = linked.subject
        case .erased:
            // What is left of an erased account: that it was, and that it is closed.
            let id = state.id
            state = State()
            state.id = id
            state.erased = true
        }
        return state
    }

    /// What happened to a customer's account: the storage contract of the `customer` stream category.
    public enum Event: Sendable, Equatable {
        case registered(CustomerRegistered)
        case profileUpdated(CustomerProfileUpdated)
        case liked(ShowLiked)
        case unliked(ShowUnliked)
        case googleLinked(GoogleAccountLinked)
        case erased(CustomerErased)
    }
}

/// Who a verified Google ID token says signed in.
public struct GoogleAccount: Hashable, Sendable {
    /// Google's stable id of the account (`sub`).
    public var subject: String
    public var email: String
    /// Whether Google has verified that the account owns `email` (`email_verified`).
    public var emailVerified: Bool
    public var name: String
    public init(subject: String, email: String, emailVerified: Bool, name: String) {
        self.subject = subject
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
    }
}

public struct GoogleAccountLinked: Hashable, Sendable, Codable {
    /// Whose account: the subject its personal data is sealed for (`nil` in events written before sealing).
    public var customer: CustomerID?
    public var subject: String
    public var email: String
    public var at: Instant
    public init(customer: CustomerID?, subject: String, email: String, at: Instant) {
        self.customer = customer
        self.subject = subject
        self.email = email
        self.at = at
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
    /// Whose profile: the subject its personal data is sealed for (`nil` in events written before sealing).
    public var customer: CustomerID?
    public var name: String
    public var phone: String
    public init(customer: CustomerID?, name: String, phone: String) {
        self.customer = customer
        self.name = name
        self.phone = phone
    }
}

/// A customer's personal data erased: their key destroyed, everything sealed under it unreadable from now on.
public struct CustomerErased: Hashable, Sendable, Codable {
    public var customer: CustomerID
    /// Who asked: the customer, or an admin.
    public var by: Actor
    public var at: Instant
    public init(customer: CustomerID, by: Actor, at: Instant) {
        self.customer = customer
        self.by = by
        self.at = at
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
    /// The stored type of an erasure, which followers look for without decoding every customer record.
    public static let erasedType = "CustomerErased"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .registered(let payload): StoredEvent("CustomerRegistered", payload)
        case .profileUpdated(let payload): StoredEvent("CustomerProfileUpdated", payload)
        case .liked(let payload): StoredEvent("ShowLiked", payload)
        case .unliked(let payload): StoredEvent("ShowUnliked", payload)
        case .googleLinked(let payload): StoredEvent("GoogleAccountLinked", payload)
        case .erased(let payload): StoredEvent(erasedType, payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "CustomerRegistered": .registered(try CustomerRegistered(from: decoder))
        case "CustomerProfileUpdated": .profileUpdated(try CustomerProfileUpdated(from: decoder))
        case "ShowLiked": .liked(try ShowLiked(from: decoder))
        case "ShowUnliked": .unliked(try ShowUnliked(from: decoder))
        case "GoogleAccountLinked": .googleLinked(try GoogleAccountLinked(from: decoder))
        case erasedType: .erased(try CustomerErased(from: decoder))
        default: nil
        }
    }
}
