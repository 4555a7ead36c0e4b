public import Domain
import EventSchema
import SwiftProtobuf

// The account categories' events as the messages of `schema/tktplz/events/v1/customer.proto`, `organizer.proto`,
// `sign_in.proto` and `support.proto`.

// Personal values, sealed for the customer: CustomerRegistered (email, name), CustomerProfileUpdated (name, phone),
// GoogleAccountLinked (the Google subject, email). Events written before sealing hold them in the clear.
extension Customer: ProtobufEvents {
    public static func personalSubject(of event: Event) -> String? {
        switch event {
        case .registered(let e): e.customer.rawValue
        case .profileUpdated(let e): e.customer?.rawValue
        case .googleLinked(let e): e.customer?.rawValue
        case .liked, .unliked, .erased: nil
        }
    }

    public static func message(_ event: Event) throws -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .registered(let e): try PBCustomerRegistered.with {
            $0.customer = e.customer.rawValue
            $0.personal = try PersonalFields.seal([e.email, e.name], for: e.customer.rawValue)
            $0.at = e.at.rawValue
        }
        case .profileUpdated(let e): try PBCustomerProfileUpdated.with {
            $0.personal = try PersonalFields.seal([e.name, e.phone], for: e.customer?.rawValue ?? "")
        }
        case .liked(let e): PBShowLiked.with { $0.show = e.show.rawValue }
        case .unliked(let e): PBShowUnliked.with { $0.show = e.show.rawValue }
        case .googleLinked(let e): try PBGoogleAccountLinked.with {
            $0.personal = try PersonalFields.seal([e.subject, e.email], for: e.customer?.rawValue ?? "")
            $0.at = e.at.rawValue
        }
        case .erased(let e): PBCustomerErased.with {
            $0.customer = e.customer.rawValue
            $0.by = PBActor(e.by)
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "CustomerRegistered":
            let m = try payload.parse(PBCustomerRegistered.self)
            let personal = m.hasPersonal ? try PersonalFields.open(m.personal, count: 2) : [m.email, m.name]
            return .registered(CustomerRegistered(customer: CustomerID(m.customer), email: personal[0], name: personal[1], at: Instant(m.at)))
        case "CustomerProfileUpdated":
            let m = try payload.parse(PBCustomerProfileUpdated.self)
            guard m.hasPersonal else { return .profileUpdated(CustomerProfileUpdated(customer: nil, name: m.name, phone: m.phone)) }
            let personal = try PersonalFields.open(m.personal, count: 2)
            return .profileUpdated(CustomerProfileUpdated(customer: CustomerID(m.personal.subject), name: personal[0], phone: personal[1]))
        case "ShowLiked": return .liked(ShowLiked(show: ShowID(try payload.parse(PBShowLiked.self).show)))
        case "ShowUnliked": return .unliked(ShowUnliked(show: ShowID(try payload.parse(PBShowUnliked.self).show)))
        case "GoogleAccountLinked":
            let m = try payload.parse(PBGoogleAccountLinked.self)
            guard m.hasPersonal else { return .googleLinked(GoogleAccountLinked(customer: nil, subject: m.subject, email: m.email, at: Instant(m.at))) }
            let personal = try PersonalFields.open(m.personal, count: 2)
            return .googleLinked(GoogleAccountLinked(customer: CustomerID(m.personal.subject), subject: personal[0], email: personal[1], at: Instant(m.at)))
        case "CustomerErased":
            return try payload.parse(PBCustomerErased.self) { m throws(SchemaMismatch) in
                .erased(CustomerErased(customer: CustomerID(m.customer), by: try m.by.decoded(), at: Instant(m.at)))
            }
        default: return nil
        }
    }
}

extension Organizer: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .registered(let e): PBOrganizerRegistered.with {
            $0.organizer = e.organizer.rawValue
            $0.email = e.email
            $0.name = e.name
            $0.phone = e.phone
            $0.at = e.at.rawValue
        }
        case .payoutDetailsSet(let e): PBPayoutDetailsSet.with {
            $0.details = PBPayoutDetails.with {
                switch e.details {
                case .upi(let id): $0.kind = .upi(PBUpiAccount.with { $0.id = id })
                case let .bankAccount(holder, number, ifsc):
                    $0.kind = .bankAccount(PBBankAccount.with {
                        $0.holder = holder
                        $0.number = number
                        $0.ifsc = ifsc
                    })
                }
            }
            $0.at = e.at.rawValue
        }
        case .payoutDetailsRead(let e): PBPayoutDetailsRead.with {
            $0.by = e.by.rawValue
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "PayoutDetailsRead":
            try payload.parse(PBPayoutDetailsRead.self) { .payoutDetailsRead(PayoutDetailsRead(by: AdminID($0.by), at: Instant($0.at))) }
        case "OrganizerRegistered":
            try payload.parse(PBOrganizerRegistered.self) {
                .registered(OrganizerRegistered(organizer: OrganizerID($0.organizer), email: $0.email, name: $0.name, phone: $0.phone, at: Instant($0.at)))
            }
        case "PayoutDetailsSet":
            try payload.parse(PBPayoutDetailsSet.self) { m throws(SchemaMismatch) in
                let details: PayoutDetails = switch m.details.kind {
                case .upi(let upi): .upi(id: upi.id)
                case .bankAccount(let bank): .bankAccount(holder: bank.holder, number: bank.number, ifsc: bank.ifsc)
                case nil: throw SchemaMismatch("payout details are neither UPI nor a bank account")
                }
                return .payoutDetailsSet(PayoutDetailsSet(details: details, at: Instant(m.at)))
            }
        default: nil
        }
    }
}

extension AdminInvite: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .invited(let e): PBAdminInvited.with {
            $0.email = e.email
            $0.tokenHash = e.tokenHash
            $0.by = e.by.rawValue
            $0.expiresAt = e.expiresAt.rawValue
        }
        case .accepted(let e): PBAdminInviteAccepted.with {
            $0.admin = e.admin.rawValue
            $0.email = e.email
            $0.passwordHash = e.passwordHash
            $0.sealedTotpSecret = e.sealedTOTPSecret
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "AdminInvited":
            try payload.parse(PBAdminInvited.self) {
                .invited(AdminInvited(email: $0.email, tokenHash: $0.tokenHash, by: AdminID($0.by), expiresAt: Instant($0.expiresAt)))
            }
        case "AdminInviteAccepted":
            try payload.parse(PBAdminInviteAccepted.self) {
                .accepted(AdminInviteAccepted(admin: AdminID($0.admin), email: $0.email, passwordHash: $0.passwordHash,
                                              sealedTOTPSecret: $0.sealedTotpSecret, at: Instant($0.at)))
            }
        default: nil
        }
    }
}

extension OneTimePasscode: ProtobufEvents {
    public static func personalSubject(of event: Event) -> String? {
        switch event {
        case .issued(let e): e.profile?.account
        case .verified(let e): e.profile?.account
        case .attemptFailed: nil
        }
    }

    public static func message(_ event: Event) throws -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .issued(let e): try PBPasscodeIssued.with {
            $0.codeHash = e.codeHash
            $0.purpose = PBPasscodePurpose(e.purpose)
            $0.issuedAt = e.issuedAt.rawValue
            $0.expiresAt = e.expiresAt.rawValue
            if let profile = e.profile { $0.profile = try PBPendingProfile(profile) }
        }
        case .attemptFailed(let e): PBPasscodeAttemptFailed.with {
            $0.at = e.at.rawValue
            $0.attemptsLeft = Int64(e.attemptsLeft)
        }
        case .verified(let e): try PBPasscodeVerified.with {
            $0.purpose = PBPasscodePurpose(e.purpose)
            $0.at = e.at.rawValue
            if let profile = e.profile { $0.profile = try PBPendingProfile(profile) }
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "PasscodeIssued":
            let m = try payload.parse(PBPasscodeIssued.self)
            return .issued(PasscodeIssued(codeHash: m.codeHash, purpose: try m.purpose.decoded(), issuedAt: Instant(m.issuedAt),
                                          expiresAt: Instant(m.expiresAt), profile: m.hasProfile ? try m.profile.decoded() : nil))
        case "PasscodeAttemptFailed":
            return try payload.parse(PBPasscodeAttemptFailed.self) {
                .attemptFailed(PasscodeAttemptFailed(at: Instant($0.at), attemptsLeft: Int($0.attemptsLeft)))
            }
        case "PasscodeVerified":
            let m = try payload.parse(PBPasscodeVerified.self)
            return .verified(PasscodeVerified(purpose: try m.purpose.decoded(), at: Instant(m.at), profile: m.hasProfile ? try m.profile.decoded() : nil))
        default: return nil
        }
    }
}

extension PBPasscodePurpose {
    init(_ purpose: OneTimePasscode.Purpose) {
        self = switch purpose {
        case .customerSignUp: .customerSignUp
        case .customerSignIn: .customerSignIn
        case .organizerSignUp: .organizerSignUp
        case .organizerSignIn: .organizerSignIn
        }
    }

    func decoded() throws(SchemaMismatch) -> OneTimePasscode.Purpose {
        switch self {
        case .customerSignUp: .customerSignUp
        case .customerSignIn: .customerSignIn
        case .organizerSignUp: .organizerSignUp
        case .organizerSignIn: .organizerSignIn
        case .unspecified, .UNRECOGNIZED: throw SchemaMismatch("passcode purpose \(rawValue) is not a purpose")
        }
    }
}

/// Personal values, sealed for the account the sign-up makes: the name, then the phone if there is one (the clear
/// `phone` field is then present and empty, which says so).
extension PBPendingProfile {
    init(_ profile: PendingProfile) throws {
        self.init()
        if profile.phone != nil { phone = "" }
        personal = try PersonalFields.seal([profile.name] + (profile.phone.map { [$0] } ?? []), for: profile.account ?? "")
    }

    func decoded() throws -> PendingProfile {
        guard hasPersonal else { return PendingProfile(name: name, phone: hasPhone ? phone : nil) }
        let values = try PersonalFields.open(personal, count: hasPhone ? 2 : 1)
        return PendingProfile(name: values[0], phone: hasPhone ? values[1] : nil, account: personal.subject)
    }
}

extension Session: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .ended(let e): PBSessionEnded.with {
            $0.account = e.account
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "SessionEnded": try payload.parse(PBSessionEnded.self) { .ended(SessionEnded(account: $0.account, at: Instant($0.at))) }
        default: nil
        }
    }
}

extension SupportIssue: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .raised(let e): PBIssueRaised.with {
            $0.by = PBActor(e.by)
            $0.subject = e.subject
            $0.description_p = e.description
            if let image = e.image { $0.image = image }
            $0.at = e.at.rawValue
        }
        case .resolved(let e): PBIssueResolved.with {
            $0.by = e.by.rawValue
            $0.note = e.note
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "IssueRaised":
            try payload.parse(PBIssueRaised.self) { m throws(SchemaMismatch) in
                .raised(IssueRaised(by: try m.by.decoded(), subject: m.subject, description: m.description_p, image: m.hasImage ? m.image : nil,
                                    at: Instant(m.at)))
            }
        case "IssueResolved":
            try payload.parse(PBIssueResolved.self) { .resolved(IssueResolved(by: AdminID($0.by), note: $0.note, at: Instant($0.at))) }
        default: nil
        }
    }
}
