import App
import Domain
import EventStore
public import Foundation
import Hummingbird
import JWTKit

/// Signs and verifies session tokens with an HMAC key from the environment (`JWT_SECRET`, at least 32 bytes). Each
/// token names its session; once the server checks revocations (`revocable(in:)`), an ended session's token is
/// refused whatever its expiry.
public struct SessionSigner: Sendable {
    /// How long a session lasts (the original's 5 days).
    public static let lifetime: TimeInterval = 5 * 24 * 3600
    /// How long an admin's session lasts: short, and renewed while it is used (`renewal(of:)`).
    public static let adminLifetime: TimeInterval = 30 * 60
    private let keys: JWTKeyCollection
    private var revocations: SessionRevocations?
    /// Shared by every copy of this signer: a token's signature is checked once per process.
    let verified = VerifiedTokens()

    /// - Throws: `APIError` 500-class configuration error when the secret is shorter than 32 bytes (jwt-kit
    ///   refuses short HMAC keys, and a short secret would be guessable).
    public init(secret: String) async throws {
        guard secret.utf8.count >= 32 else {
            throw ConfigurationError("JWT_SECRET must be at least 32 bytes; it is \(secret.utf8.count)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// This signer, refusing the tokens of sessions ended in `log`, with `memory` answering what it can.
    func revocable(in log: any EventLog, memory: EndedSessions? = nil) -> SessionSigner {
        var signer = self
        signer.revocations = SessionRevocations(sessions: CommandHandler(log: log), log: log, memory: memory)
        return signer
    }

    /// How long a session of `role` lasts.
    static func lifetime(of role: Identity.Role) -> TimeInterval { role == .admin ? adminLifetime : lifetime }

    /// A token for a new session of `identity`, valid from `now` for its role's lifetime.
    public func issue(for identity: Identity, now: Date = Date()) async throws -> String {
        try await issue(for: identity, session: UUID().uuidString.lowercased(), now: now)
    }

    private func issue(for identity: Identity, session: String, now: Date) async throws -> String {
        let claims = SessionClaims(
            jti: IDClaim(value: session), sub: SubjectClaim(value: identity.id), role: identity.role.rawValue, email: identity.email,
            iat: IssuedAtClaim(value: now), exp: ExpirationClaim(value: now.addingTimeInterval(Self.lifetime(of: identity.role))))
        return try await keys.sign(claims)
    }

    /// The identity a token carries; any forged, tampered, expired, malformed or ended token is a 401.
    public func verify(_ token: String) async throws(APIError) -> Identity {
        try await session(of: token).identity
    }

    /// The identity and session a token carries, checked as `verify` does.
    func session(of token: String, checkingRevocation: Bool = true) async throws(APIError)
        -> (identity: Identity, id: String, issued: Date, expires: Date) {
        let now = Date()
        let entry: VerifiedTokens.Entry
        if let known = verified.entry(for: token, now: now) {
            entry = known
        } else {
            let claims: SessionClaims
            do {
                claims = try await keys.verify(token, as: SessionClaims.self)
            } catch {
                throw APIError.invalidSession("the session token is invalid or expired; sign in again")
            }
            guard let role = Identity.Role(rawValue: claims.role) else {
                throw APIError.invalidSession("the session token names an unknown role")
            }
            entry = VerifiedTokens.Entry(identity: Identity(role: role, id: claims.sub.value, email: claims.email),
                                         session: claims.jti.value, issued: claims.iat.value, expires: claims.exp.value)
            verified.remember(entry, for: token, now: now)
        }
        if checkingRevocation { try await requireNotEnded(entry.session, of: entry.identity, issued: entry.issued) }
        return (entry.identity, entry.session, entry.issued, entry.expires)
    }

    private func requireNotEnded(_ session: String, of identity: Identity, issued: Date) async throws(APIError) {
        guard let revocations else { return }
        if try await revocations.isEnded(session, issued: issued) {
            throw APIError.sessionEnded("this session was ended (logged out); sign in again")
        }
        // Only customers are erased, so only their tokens pay for the lookup.
        if identity.role == .customer, try await revocations.isEveryEnded(of: identity.id, issued: issued) {
            throw APIError.sessionEnded("this account was erased; its sessions ended with it")
        }
    }

    /// Ends every session of `account` issued until `now` (its erasure).
    func endEvery(of account: String, now: Instant) async throws(APIError) {
        try await revocations?.endEvery(of: account, now: now)
    }

    /// Ends the session of `token` (a logout): its token, and every copy of it, is refused from now on.
    func end(_ token: String, now: Instant) async throws(APIError) {
        let session = try await session(of: token)
        guard let revocations else { return }
        try await revocations.end(session.id, account: session.identity.id, now: now)
    }

    /// A fresh token for the same session when an admin's has less than half its life left: an admin who keeps
    /// working stays signed in, one who walks away is signed out within `adminLifetime`.
    public func renewal(of token: String, now: Date = Date()) async throws -> String? {
        // Most tokens are not admins' near their expiry: the revocation lookup is made only for those that are.
        let session = try await session(of: token, checkingRevocation: false)
        guard session.identity.role == .admin, session.expires.timeIntervalSince(now) < Self.adminLifetime / 2 else { return nil }
        // Only the revocation is left to check: the signature and expiry were checked above.
        try await requireNotEnded(session.id, of: session.identity, issued: session.issued)
        return try await issue(for: session.identity, session: session.id, now: now)
    }
}

/// A setting the server cannot start with.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
