public import Foundation

/// How mail leaves the server: to the outbox (the default, for development), over SMTP when `SMTP_URL` is set (see
/// `SMTPSettings`), or through an HTTP e-mail API in Resend's protocol when `RESEND_API_KEY` is set
/// (`RESEND_API_URL` to point elsewhere). `MAIL_FROM` is the sender of both. SMTP and the API send from the durable
/// spool (`MailDelivery`), retrying after `MAIL_RETRY_SECONDS` (5 by default), doubling up to 15 minutes.
public struct MailSettings: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case outbox
        case resend(baseURL: String, apiKey: String, from: String)
        case smtp(SMTPSettings)
    }

    public var transport: Transport
    public var retry: MailDelivery.Retry

    public init(transport: Transport = .outbox, retry: MailDelivery.Retry = MailDelivery.Retry()) {
        self.transport = transport
        self.retry = retry
    }

    public static let defaultFrom = "TktPlz <tickets@tktplz.invalid>"

    /// `MAIL_FROM`, else the development sender.
    static func sender(_ environment: [String: String]) -> String {
        environment["MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultFrom
    }

    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> MailSettings {
        let from = sender(environment)
        let retry = environment["MAIL_RETRY_SECONDS"].flatMap(Double.init).map { MailDelivery.Retry(first: .milliseconds(Int64($0 * 1000))) }
            ?? MailDelivery.Retry()
        // An SMTP_URL that does not parse is a refusal to start (`problems`), never a silent outbox.
        if let url = environment["SMTP_URL"], !url.isEmpty,
           let smtp = try? SMTPSettings.parse(url, from: from, caFile: environment["SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }) {
            return MailSettings(transport: .smtp(smtp), retry: retry)
        }
        guard let key = environment["RESEND_API_KEY"], !key.isEmpty else { return MailSettings(retry: retry) }
        return MailSettings(transport: .resend(baseURL: environment["RESEND_API_URL"] ?? "https://api.resend.com", apiKey: key, from: from),
                            retry: retry)
    }

    /// Why the mail settings cannot start, one line each; in every mode (a wrong `SMTP_URL` would lose no mail, but
    /// send none).
    public static func problems(in environment: [String: String]) -> [String] {
        var problems: [String] = []
        if let url = environment["SMTP_URL"], !url.isEmpty {
            do {
                _ = try SMTPSettings.parse(url, from: sender(environment))
            } catch {
                problems.append(error.description)
            }
            if let key = environment["RESEND_API_KEY"], !key.isEmpty { problems.append("SMTP_URL and RESEND_API_KEY are both set: choose one transport") }
        }
        if let seconds = environment["MAIL_RETRY_SECONDS"], Double(seconds).map({ $0 > 0 && $0 <= 3600 }) != true {
            problems.append("MAIL_RETRY_SECONDS must be a number of seconds above 0 and at most 3600, not \(seconds)")
        }
        return problems
    }
}
