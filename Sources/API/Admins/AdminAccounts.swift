import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdOTP
import Synchronization

/// Admins: invited by e-mail (a single-use link that expires in an hour), enrolled with a password and TOTP when
/// they accept (the `otpauth://` URI is answered once and never again), signed in with all three. An invite and
/// its acceptance live in the invite stream of the e-mail address; the password hash and the sealed TOTP secret
/// are only in that stream's events, never in an answer.
struct AdminAccounts: Sendable {
    let invites: CommandHandler<AdminInvite>
    let log: any EventLog
    let secrets: AdminSecrets
    let mailer: any Mailer
    let sessions: SessionSigner
    let limiter = SignInLimiter()
    static let issuer = "TktPlz"

    static func adminID(_ email: String) -> AdminID { AccountIDs.admin(email) }


    /// Invites `email`; the link (with its token) goes out by mail. Returns when the invite expires.
    func invite(_ rawEmail: String, by admin: AdminID, now: Instant) async throws -> Instant {
        let email = try PasscodeSignIn.normalised(rawEmail)
        let token = AdminSecrets.newToken()
        let stream = try AdminInvite.stream(email: email)
        do throws(CommandFailure<AdminInvite.Rejection>) {
            _ = try await invites.handle(.invite(email: email, tokenHash: AdminSecrets.hashToken(token), by: admin, now: now), on: stream)
        } catch {
            throw APIError(error) { APIError(invite: $0, email: email) }
        }
        let expires = now.adding(AdminInvite.lifetime)
        try await mailer.send(Mail(to: email, subject: "You are invited to administer TktPlz", text: """
            Accept within the hour (the link works once):
            POST /api/admin/invites/accept {"email":"\(email)","token":"\(token)","password":"…"}
            """))
        return expires
    }

    struct Enrolment: Sendable {
        var admin: AdminID
        var otpauthURL: String
    }

    /// Accepts an invite: the password is hashed, a TOTP secret is made and sealed, and its URI is returned this
    /// once. A wrong, expired or used invite is refused and changes nothing.
    func accept(email rawEmail: String, token: String, password: String, now: Instant) async throws -> Enrolment {
        let email = try PasscodeSignIn.normalised(rawEmail)
        guard password.count >= 12 else {
            throw APIError.invalidBody("field password must be at least 12 characters")
        }
        let admin = Self.adminID(email)
        let stream = try AdminInvite.stream(email: email)
        // A used invite is refused before any work, so its secret is never made (or shown) again.
        let state: AdminInvite.State
        do {
            state = try await invites.state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
        if state.acceptedBy != nil { throw APIError.inviteUsed("this invite was already used") }
        let secret = AdminSecrets.newTOTPSecret()
        let sealed: String
        do {
            sealed = try secrets.seal(secret)
        } catch {
            throw APIError.internalFailure("the secret could not be sealed")
        }
        do {
            let outcome = try await invites.handle(
                .accept(tokenHash: AdminSecrets.hashToken(token), admin: admin, passwordHash: secrets.hashPassword(password), sealedTOTPSecret: sealed, now: now),
                on: stream)
            guard case .appended = outcome else { throw APIError.inviteUsed("this invite was already used") }
        } catch let error as APIError {
            throw error
        } catch let failure as CommandFailure<AdminInvite.Rejection> {
            throw APIError(failure) { APIError(invite: $0, email: email) }
        }
        return Enrolment(admin: admin, otpauthURL: TOTP(secret: secret).createAuthenticatorURL(label: "\(Self.issuer):\(email)", issuer: Self.issuer))
    }

    /// Signs an admin in with e-mail, password and a current TOTP code (one step either side for clock drift). Five
    /// failures in a quarter of an hour lock the address for the rest of it; a code is good once.
    func signIn(email rawEmail: String, password: String, code: String, now: Date) async throws -> (Identity, String) {
        let email = try PasscodeSignIn.normalised(rawEmail)
        try limiter.check(email, now: now)
        let refused = APIError.badCredentials("the e-mail, password or code is wrong")
        let accepted = try await acceptance(of: email)
        // A password is checked even for an address that is no admin, so the time taken does not tell which it is.
        let passwordHolds = secrets.verifyPassword(password, hash: accepted?.passwordHash ?? AdminSecrets.decoyHash)
        guard let accepted, passwordHolds, let secret = try? secrets.unseal(accepted.sealedTOTPSecret) else {
            limiter.failed(email, now: now)
            throw refused
        }
        let totp = TOTP(secret: secret)
        let step = Int64(now.timeIntervalSince1970) / 30
        let matched = (-1...1).first { offset in
            String(totp.compute(date: Date(timeIntervalSince1970: Double((step + Int64(offset)) * 30)))).leftPadded(to: 6) == code
        }
        guard let offset = matched, limiter.use(step: step + Int64(offset), of: email) else {
            limiter.failed(email, now: now)
            throw refused
        }
        limiter.succeeded(email)
        let identity = Identity(role: .admin, id: accepted.admin.rawValue, email: email)
        return (identity, try await sessions.issue(for: identity))
    }

    private func acceptance(of email: String) async throws -> AdminInviteAccepted? {
        let records: [RecordedEvent]
        do {
            records = try await log.read(stream: try AdminInvite.stream(email: email), from: .first, direction: .forwards, limit: 10)
        } catch {
            throw APIError.storeUnavailable()
        }
        for record in records {
            if case .accepted(let accepted)? = try EventEncoding.decode(AdminInvite.self, record) { return accepted }
        }
        return nil
    }
}

/// Admin sign-in's guard against guessing: failures per address in a window, and each TOTP step usable once.
final class SignInLimiter: Sendable {
    static let window: TimeInterval = 15 * 60
    static let allowed = 5
    private let state = Mutex<(failures: [String: [Date]], usedSteps: [String: Int64])>(([:], [:]))

    func check(_ email: String, now: Date) throws {
        let recent = state.withLock { $0.failures[email, default: []].filter { now.timeIntervalSince($0) < Self.window } }
        if recent.count >= Self.allowed {
            throw APIError.tooManyAttempts("too many failed sign-ins for this address; try again in 15 minutes")
        }
    }

    func failed(_ email: String, now: Date) {
        state.withLock { $0.failures[email, default: []].append(now) }
    }

    func succeeded(_ email: String) {
        state.withLock { $0.failures[email] = nil }
    }

    /// Whether `step` is newer than the last one this address signed in with (a replayed code is not).
    func use(step: Int64, of email: String) -> Bool {
        state.withLock { state in
            if let last = state.usedSteps[email], step <= last { return false }
            state.usedSteps[email] = step
            return true
        }
    }
}
