import Hummingbird

/// How the session cookie is marked: `Secure` (sent over HTTPS only) and its SameSite rule (`Lax` unless a
/// frontend on another site needs `None`: `CrossOriginSettings`).
struct CookiePolicy: Sendable {
    var secure: Bool
    var sameSite: Cookie.SameSite
}

/// Where a session token travels: the `tktplz_session` cookie (HttpOnly, marked by the `CookiePolicy`) or a Bearer
/// header.
enum SessionCookie {
    static let name = "tktplz_session"

    /// The token of a request: the Bearer header if present, else the cookie.
    static func token(of request: Request) -> String? {
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            return String(authorization.dropFirst("bearer ".count)).trimmingWhitespace()
        }
        return request.cookies[name]?.value
    }

    /// The cookie that carries a new session.
    static func setting(_ token: String, _ policy: CookiePolicy) -> Cookie {
        Cookie(name: name, value: token, maxAge: Int(SessionSigner.lifetime), path: "/", secure: policy.secure, httpOnly: true,
               sameSite: policy.sameSite)
    }

    /// The cookie that ends a session.
    static func clearing(_ policy: CookiePolicy) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: policy.secure, httpOnly: true, sameSite: policy.sameSite)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
