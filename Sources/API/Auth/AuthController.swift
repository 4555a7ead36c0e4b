import App
import Domain
import Hummingbird

/// `/api/auth`: sign-up and sign-in by e-mailed passcode (the original's routes and field names), `me`, `logout`.
struct AuthController {
    let signIn: PasscodeSignIn
    let sessions: SessionSigner
    let cookies: CookiePolicy

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/auth/user-reg") { request, _ in
            let body = try await request.json(SignUp.self)
            try await signIn.sendCode(to: body.email, role: .customer, signUp: try profile(body), now: .now())
            return Sent(message: "a code was sent to \(body.email)")
        }
        router.post("api/auth/orgn-reg") { request, _ in
            let body = try await request.json(SignUp.self)
            guard let phone = body.phoneNo?.trimmingWhitespace(), !phone.isEmpty else {
                throw APIError.invalidBody("field phoneNo is required for organizers")
            }
            try await signIn.sendCode(to: body.email, role: .organizer, signUp: PendingProfile(name: try profile(body).name, phone: phone), now: .now())
            return Sent(message: "a code was sent to \(body.email)")
        }
        router.post("api/auth/user-login") { request, _ in
            let body = try await request.json(SignInRequest.self)
            try await signIn.sendCode(to: body.email, role: .customer, signUp: nil, now: .now())
            return Sent(message: "a code was sent to \(body.email)")
        }
        router.post("api/auth/orgn-login") { request, _ in
            let body = try await request.json(SignInRequest.self)
            try await signIn.sendCode(to: body.email, role: .organizer, signUp: nil, now: .now())
            return Sent(message: "a code was sent to \(body.email)")
        }
        router.post("api/auth/verify-otp") { request, _ in
            let body = try await request.json(Verify.self)
            let account = try await signIn.verify(body.email, code: body.inputOtp, now: .now())
            let role: Identity.Role = switch account.role {
            case .customer: .customer
            case .organizer: .organizer
            }
            let identity = Identity(role: role, id: account.id, email: account.email)
            let token = try await sessions.issue(for: identity)
            return EditedResponse(
                headers: [.setCookie: SessionCookie.setting(token, cookies).description],
                response: SignedIn(role: identity.role.rawValue, user: identity, token: token))
        }
    }

    private func profile(_ body: SignUp) throws -> PendingProfile {
        let name = body.name.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 100 else {
            throw APIError.invalidBody("field name must be 1 to 100 characters")
        }
        return PendingProfile(name: name, phone: body.phoneNo)
    }

    struct SignUp: Decodable {
        var name: String
        var email: String
        var phoneNo: String?
    }

    struct SignInRequest: Decodable {
        var email: String
    }

    struct Verify: Decodable {
        var email: String
        var inputOtp: String
    }

    struct Sent: ResponseEncodable {
        var message: String
    }

    struct SignedIn: ResponseEncodable {
        var role: String
        var user: Identity
        /// Also usable as a Bearer token by clients that do not keep cookies.
        var token: String
    }
}
