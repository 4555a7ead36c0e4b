public import Foundation

/// How mail leaves the server: to the outbox (the default), or through an HTTP e-mail API in Resend's protocol
/// when `RESEND_API_KEY` is set (`RESEND_API_URL` to point elsewhere, `MAIL_FROM` for the sender).
public struct MailSettings: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case outbox
        case resend(baseURL: String, apiKey: String, from: String)
    }

    public var transport: Transport

    public init(transport: Transport = .outbox) { self.transport = transport }

    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> MailSettings {
        guard let key = environment["RESEND_API_KEY"], !key.isEmpty else { return MailSettings() }
        return MailSettings(transport: .resend(
            baseURL: environment["RESEND_API_URL"] ?? "https://api.resend.com",
            apiKey: key,
            from: environment["MAIL_FROM"] ?? "TktPlz <tickets@tktplz.invalid>"))
    }
}
