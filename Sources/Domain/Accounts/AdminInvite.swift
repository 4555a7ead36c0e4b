/// An admin invites an e-mail address; the invitee accepts once, before the invite expires (1 hour), setting a
/// password and enrolling TOTP. The original created the admin account up front, never checked expiry, and let
/// anyone fetch the TOTP secret by e-mail address.
public enum AdminInvite: Decider {
    public static let initialState = State()
    public static let lifetime = Duration.hours(1)

    public enum Command: Sendable, Equatable {
        /// `tokenHash` is the hash of the single-use token sent in the link.
        case invite(email: String, tokenHash: String, by: AdminID, now: Instant)
        /// The invitee presents the token (hashed) with their new credentials, already hashed or sealed by the shell.
        case accept(tokenHash: String, admin: AdminID, passwordHash: String, sealedTOTPSecret: String, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyInvited
        case noSuchInvite
        case invalidEmail
        case wrongToken
        case inviteExpired(at: Instant)
        case inviteUsed
    }

    public struct State: Sendable, Equatable {
        public var email: String?
        public var tokenHash: String?
        public var expiresAt: Instant?
        public var acceptedBy: AdminID?
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .invite(email, tokenHash, admin, now):
            if state.email == email && state.tokenHash == tokenHash { return [] }
            // An invite that ran out unused may be sent again (a new token, a new hour); a live or used one not.
            if state.email != nil {
                guard state.acceptedBy == nil, let expiresAt = state.expiresAt, now >= expiresAt else { throw .alreadyInvited }
            }
            guard EmailAddress.isPlausible(email) else { throw .invalidEmail }
            return [.invited(AdminInvited(email: email, tokenHash: tokenHash, by: admin, expiresAt: now.adding(lifetime)))]
        case let .accept(tokenHash, admin, passwordHash, sealedTOTPSecret, now):
            guard let expected = state.tokenHash, let expiresAt = state.expiresAt else { throw .noSuchInvite }
            guard expected == tokenHash else { throw .wrongToken }
            if state.acceptedBy == admin { return [] }
            guard state.acceptedBy == nil else { throw .inviteUsed }
            guard now < expiresAt else { throw .inviteExpired(at: expiresAt) }
            return [.accepted(AdminInviteAccepted(
                admin: admin, email: state.email ?? "", passwordHash: passwordHash, sealedTOTPSecret: sealedTOTPSecret, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .invited(let invited):
            state.email = invited.email
            state.tokenHash = invited.tokenHash
            state.expiresAt = invited.expiresAt
        case .accepted(let accepted): state.acceptedBy = accepted.admin
        }
        return state
    }

    /// What happened to an invite: the storage contract of the `invite` stream category.
    public enum Event: Sendable, Equatable {
        case invited(AdminInvited)
        case accepted(AdminInviteAccepted)
    }
}

public struct AdminInvited: Hashable, Sendable, Codable {
    public var email: String
    public var tokenHash: String
    public var by: AdminID
    public var expiresAt: Instant
    public init(email: String, tokenHash: String, by: AdminID, expiresAt: Instant) {
        self.email = email
        self.tokenHash = tokenHash
        self.by = by
        self.expiresAt = expiresAt
    }
}

public struct AdminInviteAccepted: Hashable, Sendable, Codable {
    public var admin: AdminID
    public var email: String
    /// A slow-KDF hash; never sent to clients.
    public var passwordHash: String
    /// The TOTP secret encrypted with the server's key: the log is backed up and exported, so it never holds it plain.
    public var sealedTOTPSecret: String
    public var at: Instant
    public init(admin: AdminID, email: String, passwordHash: String, sealedTOTPSecret: String, at: Instant) {
        self.admin = admin
        self.email = email
        self.passwordHash = passwordHash
        self.sealedTOTPSecret = sealedTOTPSecret
        self.at = at
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension AdminInvite: EventCodec {
    public static let category = "invite"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .invited(let payload): StoredEvent("AdminInvited", payload)
        case .accepted(let payload): StoredEvent("AdminInviteAccepted", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "AdminInvited": .invited(try AdminInvited(from: decoder))
        case "AdminInviteAccepted": .accepted(try AdminInviteAccepted(from: decoder))
        default: nil
        }
    }
}

/// The light check an address gets before mail is sent to it.
public enum EmailAddress {
    /// One `@` with text on both sides and a dot in the domain; no spaces.
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return !text.contains(where: \.isWhitespace) && text.count <= 254
    }
}
