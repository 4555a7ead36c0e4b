import App
import Crypto
import Foundation
import Hummingbird

/// What ties Google's callback to the browser that started the sign-in: a random `state` (against forged
/// callbacks) and `nonce` (against a replayed ID token), kept in a short-lived HttpOnly cookie with an HMAC, so
/// the server keeps nothing between the two requests.
struct GoogleSignInState: Equatable {
    static let cookieName = "tktplz_google"
    /// How long a sign-in may take at Google.
    static let lifetime: TimeInterval = 10 * 60

    var state: String
    var nonce: String
    var expires: Date

    static func fresh(now: Date) -> GoogleSignInState {
        GoogleSignInState(state: AdminSecrets.newToken(), nonce: AdminSecrets.newToken(), expires: now.addingTimeInterval(lifetime))
    }

    /// The cookie carrying it: `state.nonce.expiry.mac`.
    func cookie(key: SymmetricKey, secure: Bool) -> Cookie {
        let body = "\(state).\(nonce).\(Int64(expires.timeIntervalSince1970))"
        return Cookie(name: Self.cookieName, value: "\(body).\(HexMAC.sign(Data(body.utf8), key: key))", maxAge: Int(Self.lifetime),
                      path: "/api/auth/google", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The state a request's cookie carries, if its MAC holds and it has not expired.
    static func from(_ request: Request, key: SymmetricKey, now: Date) -> GoogleSignInState? {
        guard let value = request.cookies[cookieName]?.value else { return nil }
        let parts = value.split(separator: ".").map(String.init)
        guard parts.count == 4, let seconds = Int64(parts[2]) else { return nil }
        let body = parts[0...2].joined(separator: ".")
        guard HexMAC.isValid(parts[3], of: Data(body.utf8), key: key) else { return nil }
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard now < expires else { return nil }
        return GoogleSignInState(state: parts[0], nonce: parts[1], expires: expires)
    }

    static func clearing(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/api/auth/google", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
