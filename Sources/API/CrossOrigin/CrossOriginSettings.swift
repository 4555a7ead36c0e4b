public import Hummingbird

/// Which other origins may call the API from a browser with the customer's cookie (`CORS_ORIGINS`: a comma-separated
/// list such as `https://shop.example,https://www.example`), and how the session cookie crosses sites
/// (`COOKIE_SAMESITE`: `lax`, `strict` or `none`).
///
/// A frontend on another *site* (not just another port or subdomain) only gets the cookie with `SameSite=None`, which
/// browsers take only with `Secure`: so `none` is the default when origins are listed and cookies are secure, and a
/// setting of `none` without `SECURE_COOKIES=1` refuses to start. A cookie a foreign site's page can send is what
/// cross-site request forgery abuses: `ForeignOriginRefusal` answers that on every route that changes anything.
public struct CrossOriginSettings: Sendable, Equatable {
    /// Origins allowed with credentials, exactly as a browser sends them in `Origin` (scheme, host, port if not the
    /// scheme's default; lowercase; no path).
    public var origins: [String]
    /// The session cookie's SameSite attribute.
    public var sameSite: Cookie.SameSite

    public init(origins: [String] = [], sameSite: Cookie.SameSite = .lax) {
        self.origins = origins
        self.sameSite = sameSite
    }

    /// The settings of `environment`, leaving out what `problems(in:)` reports (the server refuses to start on those).
    public static func resolve(environment: [String: String], secureCookies: Bool) -> CrossOriginSettings {
        let origins = entries(environment["CORS_ORIGINS"]).compactMap { try? origin($0) }
        let configured = environment["COOKIE_SAMESITE"].flatMap { sameSite($0) }
        return CrossOriginSettings(origins: origins, sameSite: configured ?? (!origins.isEmpty && secureCookies ? .none : .lax))
    }

    /// One line per unusable setting, naming it; checked in development too (a typo here silently breaks a frontend).
    public static func problems(in environment: [String: String], secureCookies: Bool) -> [String] {
        var problems: [String] = []
        for entry in entries(environment["CORS_ORIGINS"]) {
            do { _ = try origin(entry) } catch { problems.append("CORS_ORIGINS: \(error.message)") }
        }
        if let value = environment["COOKIE_SAMESITE"], !value.isEmpty {
            switch sameSite(value) {
            case nil: problems.append("COOKIE_SAMESITE is \"\(value)\": it must be lax, strict or none")
            case .none? where !secureCookies:
                problems.append("COOKIE_SAMESITE=none needs SECURE_COOKIES=1: browsers drop a SameSite=None cookie that is not Secure")
            default: break
            }
        }
        return problems
    }

    /// Whether `origin` (an `Origin` header) is one of the allowed ones.
    func allows(_ origin: String) -> Bool { origins.contains(origin.lowercased()) }

    private static func entries(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    private static func sameSite(_ value: String) -> Cookie.SameSite? {
        switch value.lowercased() {
        case "lax": .lax
        case "strict": .strict
        case "none": Cookie.SameSite.none
        default: nil
        }
    }

    struct Problem: Error {
        let message: String
    }

    /// `entry` as a browser's `Origin` header spells it, or why it cannot be one.
    static func origin(_ entry: String) throws(Problem) -> String {
        let lowered = entry.lowercased()
        guard lowered != "*" else {
            throw Problem(message: "\"*\" would let every site act with a customer's cookie; list the origins")
        }
        let scheme: String
        if lowered.hasPrefix("https://") { scheme = "https" } else if lowered.hasPrefix("http://") { scheme = "http" } else {
            throw Problem(message: "\"\(entry)\" is not an origin: it must start with https:// or http://")
        }
        var authority = String(lowered.dropFirst(scheme.count + 3))
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("?"), !authority.contains("#"),
              !authority.contains("@"), !authority.contains("*") else {
            throw Problem(message: "\"\(entry)\" is not an origin: only scheme, host and port, e.g. https://shop.example or http://127.0.0.1:8080")
        }
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber), let number = Int(port), number <= 65535 else {
                throw Problem(message: "\"\(entry)\" has no usable port after its host")
            }
        }
        // A browser leaves the scheme's default port out of `Origin`.
        for (defaultScheme, port) in [("https", ":443"), ("http", ":80")] where scheme == defaultScheme && authority.hasSuffix(port) {
            authority.removeLast(port.count)
        }
        return "\(scheme)://\(authority)"
    }
}
