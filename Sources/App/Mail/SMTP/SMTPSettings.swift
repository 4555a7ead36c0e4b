public import Foundation

/// Where and how mail goes over SMTP, from `SMTP_URL`:
/// - `smtps://user:password@host[:465]`: TLS from the first byte;
/// - `smtp://user:password@host[:587]`: STARTTLS, required (a server that does not offer it gets no credentials
///   and no mail; the mail waits in the spool);
/// - `smtp://host[:25]?tls=none`: plain text, for a relay on the same machine or network; no credentials allowed.
/// User and password are percent-decoded. `SMTP_CA_FILE` adds a PEM certificate authority to trust (a private CA).
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        case implicitTLS
        case startTLS
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The `From:` of every mail (`MAIL_FROM`), e.g. `TktPlz <tickets@example.com>`.
    public var from: String
    public var caFile: String?

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, from: String, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.caFile = caFile
    }

    /// The settings `url` names, or why it names none (the message names the part that is wrong, never the password).
    public static func parse(_ url: String, from: String, caFile: String? = nil) throws(SMTPSettingsProblem) -> SMTPSettings {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw SMTPSettingsProblem("SMTP_URL is not a URL; expected smtp://user:password@host:587 or smtps://…")
        }
        guard let host = components.host, !host.isEmpty else { throw SMTPSettingsProblem("SMTP_URL names no host") }
        let plain = components.queryItems?.first { $0.name == "tls" }?.value
        let security: Security
        switch (scheme, plain) {
        case ("smtps", nil): security = .implicitTLS
        case ("smtp", nil): security = .startTLS
        case ("smtp", "none"?): security = .none
        case ("smtp", let other?), ("smtps", let other?):
            throw SMTPSettingsProblem("SMTP_URL's tls=\(other) is not understood; only smtp://…?tls=none turns TLS off")
        default: throw SMTPSettingsProblem("SMTP_URL's scheme must be smtp or smtps, not \(scheme)")
        }
        let username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        if username != nil && security == .none {
            throw SMTPSettingsProblem("SMTP_URL sends a password without TLS (tls=none); use smtps:// or STARTTLS")
        }
        guard SMTPAddress.envelope(of: from) != nil else { throw SMTPSettingsProblem("MAIL_FROM has no address: \(from)") }
        return SMTPSettings(host: host, port: components.port ?? (security == .implicitTLS ? 465 : 587), security: security,
                            username: username, password: password, from: from, caFile: caFile)
    }
}

/// Why `SMTP_URL` cannot be used.
public struct SMTPSettingsProblem: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
