/// One signed-in session (a session token carries its id): it ends when its holder logs out, and an ended session
/// stays ended, whatever the token's own expiry says. The original's logout only cleared a cookie, so a copied
/// token kept working for its whole five days.
public enum Session: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        /// The holder logged out (or the session was ended for them): `account` is whose it was.
        case end(account: String, now: Instant)
        /// Every session of the account issued before `now` ends (an erasure): on the account's own stream, which
        /// may end again later (an account that signed up again and is erased again).
        case endEvery(account: String, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {}

    public struct State: Sendable, Equatable {
        public var endedAt: Instant?
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .end(account, now):
            if state.endedAt != nil { return [] }
            return [.ended(SessionEnded(account: account, at: now))]
        case let .endEvery(account, now):
            if let endedAt = state.endedAt, endedAt >= now { return [] }
            return [.ended(SessionEnded(account: account, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .ended(let ended): state.endedAt = ended.at
        }
        return state
    }

    /// What happened to a session: the storage contract of the `session` stream category.
    public enum Event: Sendable, Equatable {
        case ended(SessionEnded)
    }
}

public struct SessionEnded: Hashable, Sendable, Codable {
    public var account: String
    public var at: Instant
    public init(account: String, at: Instant) {
        self.account = account
        self.at = at
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Session: EventCodec {
    public static let category = "session"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .ended(let payload): StoredEvent("SessionEnded", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "SessionEnded": .ended(try SessionEnded(from: decoder))
        default: nil
        }
    }
}
