public import Crypto
public import Domain
public import DomainEvents
import EventStore
import Foundation

/// Sign-up and sign-in by e-mailed passcode, for customers and organizers. Account ids derive from the
/// normalised e-mail address, so an address is one account of each role. Codes are hashed (HMAC-SHA256 under a
/// key derived from the server secret) before they reach the log; the passcode decider enforces expiry, attempts
/// and the resend throttle. What it returns is the account signed in; the caller makes the session.
public struct PasscodeSignIn: Sendable {
    let passcodes: CommandHandler<OneTimePasscode>
    let customers: CommandHandler<Customer>
    let organizers: CommandHandler<Organizer>
    let mailer: any Mailer
    let codeKey: SymmetricKey

    public init(passcodes: CommandHandler<OneTimePasscode>, customers: CommandHandler<Customer>, organizers: CommandHandler<Organizer>,
                mailer: any Mailer, codeKey: SymmetricKey) {
        self.passcodes = passcodes
        self.customers = customers
        self.organizers = organizers
        self.mailer = mailer
        self.codeKey = codeKey
    }

    /// Who signs in or up.
    public enum Role: String, Sendable {
        case customer, organizer
    }

    /// The account a verified code signs in.
    public struct Account: Sendable, Equatable {
        public var role: Role
        public var id: String
        public var email: String
    }

    /// Sends a code to `email`. A sign-up needs no account yet; a sign-in needs one.
    public func sendCode(to rawEmail: String, role: Role, signUp profile: PendingProfile?, now: Instant) async throws {
        let email = try Self.normalised(rawEmail)
        let exists = try await accountExists(email, role: role)
        if profile != nil && exists {
            throw AppFailure.accountExists(email: email)
        }
        if profile == nil && !exists {
            throw AppFailure.noAccount(role: role.rawValue, email: email)
        }
        // The profile is sealed for the account it would make, so erasing that account erases the sign-up's too.
        var profile = profile
        profile?.account = Self.accountID(role, email)
        let code = String(Int.random(in: 0..<1_000_000)).leftPadded(to: 6)
        let purpose: OneTimePasscode.Purpose = switch (role, profile) {
        case (.customer, nil): .customerSignIn
        case (.customer, _): .customerSignUp
        case (.organizer, nil): .organizerSignIn
        case (.organizer, _): .organizerSignUp
        }
        let stream = try OneTimePasscode.stream(email: email)
        do {
            _ = try await passcodes.handle(.issue(codeHash: hash(code, for: email), purpose: purpose, profile: profile, now: now), on: stream)
        } catch {
            throw AppFailure(error, now: now)
        }
        try await mailer.send(Mail(to: email, subject: "Your TktPlz code", text: "Your TktPlz code is \(code). It is valid for 5 minutes."))
    }

    /// Checks a code; on success registers a sign-up and returns the account.
    public func verify(_ rawEmail: String, code: String, now: Instant) async throws -> Account {
        let email = try Self.normalised(rawEmail)
        guard code.count == 6, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
            throw AppFailure.invalidCode
        }
        let stream = try OneTimePasscode.stream(email: email)
        let outcome: CommandOutcome<OneTimePasscode.Event>
        do {
            outcome = try await passcodes.handle(.verify(codeHash: hash(code, for: email), now: now), on: stream)
        } catch {
            throw AppFailure(error, now: now)
        }
        guard case .appended(let events, _) = outcome, let event = events.first else {
            throw AppFailure.noCodeWaiting(email: email)
        }
        switch event {
        case .attemptFailed(let failed):
            throw AppFailure.wrongCode(attemptsLeft: failed.attemptsLeft)
        case .verified(let verified):
            return try await signIn(email, purpose: verified.purpose, profile: verified.profile, now: now)
        case .issued:
            throw AppFailure.bug("unexpected passcode outcome")
        }
    }

    private func signIn(_ email: String, purpose: OneTimePasscode.Purpose, profile: PendingProfile?, now: Instant) async throws -> Account {
        switch purpose {
        case .customerSignUp, .customerSignIn:
            let id = AccountIDs.customer(email)
            if purpose == .customerSignUp {
                // Registering the same id and address again decides nothing, so a retried verification is safe.
                do {
                    _ = try await customers.handle(.register(id, email: email, name: profile?.name ?? email, now: now),
                                                   on: try Customer.stream(id))
                } catch {
                    throw AppFailure.invalidProfile("the sign-up could not be registered: \(error)")
                }
            }
            return Account(role: .customer, id: id.rawValue, email: email)
        case .organizerSignUp, .organizerSignIn:
            let id = AccountIDs.organizer(email)
            if purpose == .organizerSignUp {
                do {
                    _ = try await organizers.handle(
                        .register(id, email: email, name: profile?.name ?? email, phone: profile?.phone ?? "", now: now),
                        on: try Organizer.stream(id))
                } catch {
                    throw AppFailure.invalidProfile("the sign-up could not be registered: \(error)")
                }
            }
            return Account(role: .organizer, id: id.rawValue, email: email)
        }
    }

    private func accountExists(_ email: String, role: Role) async throws -> Bool {
        let id = Self.accountID(role, email)
        do {
            switch role {
            case .customer:
                // An erased account is closed: its address signs up again, and cannot sign in.
                let customer = try await customers.state(of: Customer.stream(CustomerID(id)))
                return customer.id != nil && !customer.erased
            case .organizer: return try await organizers.state(of: Organizer.stream(OrganizerID(id))).id != nil
            }
        } catch {
            throw AppFailure.storeUnavailable
        }
    }

    private func hash(_ code: String, for email: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("\(email):\(code)".utf8), using: codeKey).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// The address as accounts are keyed by: trimmed, lower case, and plausible.
    public static func normalised(_ email: String) throws(AppFailure) -> String {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard EmailAddress.isPlausible(email) else { throw .invalidEmail }
        return email
    }

    /// The account id of an address: stable, so sign-in finds the account sign-up made.
    static func accountID(_ role: Role, _ email: String) -> String {
        switch role {
        case .customer: AccountIDs.customer(email).rawValue
        case .organizer: AccountIDs.organizer(email).rawValue
        }
    }
}

extension String {
    /// Zero-padded on the left to `width` characters (codes, hex bytes).
    public func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
