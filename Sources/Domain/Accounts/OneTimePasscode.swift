/// Sign-in passcodes for one e-mail address: 6 digits, valid for 5 minutes, at most 5 tries, one new code per
/// 60 seconds, and only a hash is ever stored (the shell hashes; the domain compares hashes). The original kept
/// codes in plain text with no attempt limit, so 6 digits could be guessed within their 5 minutes.
///
/// Limits outlast each code: wrong codes are counted per address over the last hour and day (a fresh code does
/// not reset them), and so are the codes sent, so an address can neither be guessed at for ever nor flooded with
/// mail. A locked address gets no code and no guess until the window has moved on.
public enum OneTimePasscode: Decider {
    public static let initialState = State()
    public static let lifetime = Duration.minutes(5)
    public static let resendAfter = Duration.seconds(60)
    public static let maxAttempts = 5
    /// Wrong codes an address may see in any hour, and in any day, before it is locked.
    public static let failureLimits = [Window(length: .hours(1), limit: 5), Window(length: .hours(24), limit: 15)]
    /// Codes an address may be sent in any hour, and in any day.
    public static let issueLimits = [Window(length: .hours(1), limit: 5), Window(length: .hours(24), limit: 10)]

    /// At most `limit` occurrences within any `length`.
    public struct Window: Sendable, Equatable {
        public var length: Duration
        public var limit: Int

        /// When the occurrences `times` (oldest first) next allow one more, or `nil` if they do now.
        func blockedUntil(_ times: [Instant], now: Instant) -> Instant? {
            let recent = times.filter { $0 > now.subtracting(length) }
            guard recent.count >= limit else { return nil }
            return recent[recent.count - limit].adding(length)
        }
    }

    public enum Command: Sendable, Equatable {
        /// A new code was generated and sent; `codeHash` is its hash. A sign-up carries the profile to register
        /// once the code is verified.
        case issue(codeHash: String, purpose: Purpose, profile: PendingProfile? = nil, now: Instant)
        /// Someone typed a code; `codeHash` is the hash of what they typed.
        case verify(codeHash: String, now: Instant)
    }

    /// What the code is for.
    public enum Purpose: String, Hashable, Sendable, Codable {
        case customerSignUp, customerSignIn, organizerSignUp, organizerSignIn
    }

    public enum Rejection: Error, Equatable, Sendable {
        /// A code was sent less than a minute ago.
        case resendTooSoon(retryAt: Instant)
        /// No code is waiting (never sent, already used, or burnt by too many tries).
        case noCode
        /// Too many wrong codes for this address lately: no code and no guess until then.
        case lockedOut(until: Instant)
        /// Too many codes sent to this address lately.
        case tooManyCodes(retryAt: Instant)
        case codeExpired(at: Instant)
        case tooManyAttempts
    }

    public struct State: Sendable, Equatable {
        public var codeHash: String?
        public var purpose: Purpose?
        public var issuedAt: Instant?
        public var expiresAt: Instant?
        public var failedAttempts = 0
        public var profile: PendingProfile?
        /// When wrong codes were typed, and codes sent, over the last day (oldest first), across codes.
        public var failures: [Instant] = []
        public var issues: [Instant] = []
        public init() {}

        /// Until when the address is locked by its wrong codes, if it is.
        public func lockedUntil(now: Instant) -> Instant? {
            failureLimits.compactMap { $0.blockedUntil(failures, now: now) }.max()
        }
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .issue(codeHash, purpose, profile, now):
            if state.codeHash == codeHash && state.issuedAt == now { return [] }
            if let until = state.lockedUntil(now: now) { throw .lockedOut(until: until) }
            if let retryAt = issueLimits.compactMap({ $0.blockedUntil(state.issues, now: now) }).max() {
                throw .tooManyCodes(retryAt: retryAt)
            }
            if let issuedAt = state.issuedAt, now < issuedAt.adding(resendAfter) {
                throw .resendTooSoon(retryAt: issuedAt.adding(resendAfter))
            }
            return [.issued(PasscodeIssued(
                codeHash: codeHash, purpose: purpose, issuedAt: now, expiresAt: now.adding(lifetime), profile: profile))]
        case let .verify(codeHash, now):
            if let until = state.lockedUntil(now: now) { throw .lockedOut(until: until) }
            guard let expected = state.codeHash, let expiresAt = state.expiresAt else { throw .noCode }
            guard state.failedAttempts < maxAttempts else { throw .tooManyAttempts }
            guard now < expiresAt else { throw .codeExpired(at: expiresAt) }
            // A wrong code is an event, not a rejection: the attempt must count even though sign-in fails.
            guard expected == codeHash else {
                return [.attemptFailed(PasscodeAttemptFailed(at: now, attemptsLeft: maxAttempts - state.failedAttempts - 1))]
            }
            return [.verified(PasscodeVerified(purpose: state.purpose ?? .customerSignIn, at: now, profile: state.profile))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .issued(let issued):
            let (failures, issues) = (state.failures, state.issues)
            state = State()
            state.failures = failures.filter { $0 > issued.issuedAt.subtracting(.hours(24)) }
            state.issues = issues.filter { $0 > issued.issuedAt.subtracting(.hours(24)) } + [issued.issuedAt]
            state.codeHash = issued.codeHash
            state.purpose = issued.purpose
            state.issuedAt = issued.issuedAt
            state.expiresAt = issued.expiresAt
            state.profile = issued.profile
        case .attemptFailed(let failed):
            state.failedAttempts += 1
            state.failures = state.failures.filter { $0 > failed.at.subtracting(.hours(24)) } + [failed.at]
        case .verified:
            // Used once: the code is gone, so replaying it finds nothing. The resend clock stays.
            state.codeHash = nil
            state.expiresAt = nil
        }
        return state
    }

    /// What happened to an address's passcodes: the storage contract of the `passcode` stream category.
    public enum Event: Sendable, Equatable {
        case issued(PasscodeIssued)
        case attemptFailed(PasscodeAttemptFailed)
        case verified(PasscodeVerified)
    }
}

public struct PasscodeIssued: Hashable, Sendable, Codable {
    public var codeHash: String
    public var purpose: OneTimePasscode.Purpose
    public var issuedAt: Instant
    public var expiresAt: Instant
    /// The name (and phone) a sign-up registers with once verified.
    public var profile: PendingProfile?
    public init(codeHash: String, purpose: OneTimePasscode.Purpose, issuedAt: Instant, expiresAt: Instant, profile: PendingProfile? = nil) {
        self.codeHash = codeHash
        self.purpose = purpose
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.profile = profile
    }
}

/// What a sign-up asked to be registered as.
public struct PendingProfile: Hashable, Sendable, Codable {
    public var name: String
    public var phone: String?
    /// The id of the account the sign-up makes: the subject its personal data is sealed for (set by the shell, which
    /// derives it from the address; `nil` in events written before sealing).
    public var account: String?
    public init(name: String, phone: String? = nil, account: String? = nil) {
        self.name = name
        self.phone = phone
        self.account = account
    }
}

public struct PasscodeAttemptFailed: Hashable, Sendable, Codable {
    public var at: Instant
    public var attemptsLeft: Int
    public init(at: Instant, attemptsLeft: Int) {
        self.at = at
        self.attemptsLeft = attemptsLeft
    }
}

public struct PasscodeVerified: Hashable, Sendable, Codable {
    public var purpose: OneTimePasscode.Purpose
    public var at: Instant
    public var profile: PendingProfile?
    public init(purpose: OneTimePasscode.Purpose, at: Instant, profile: PendingProfile? = nil) {
        self.purpose = purpose
        self.at = at
        self.profile = profile
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension OneTimePasscode: EventCodec {
    public static let category = "passcode"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .issued(let payload): StoredEvent("PasscodeIssued", payload)
        case .attemptFailed(let payload): StoredEvent("PasscodeAttemptFailed", payload)
        case .verified(let payload): StoredEvent("PasscodeVerified", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "PasscodeIssued": .issued(try PasscodeIssued(from: decoder))
        case "PasscodeAttemptFailed": .attemptFailed(try PasscodeAttemptFailed(from: decoder))
        case "PasscodeVerified": .verified(try PasscodeVerified(from: decoder))
        default: nil
        }
    }
}
