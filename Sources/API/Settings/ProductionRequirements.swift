import App
import Foundation

/// What production needs before it opens a port: every secret set (none of the development defaults in the
/// source, which would let anyone mint an admin session or sign a ticket), a real payment gateway (the sandbox
/// lets anyone "pay") and a real mail transport (the outbox is served only in development). Production fails
/// closed: a missing setting is a refusal to start, never a warning.
public enum ProductionRequirements {
    /// The switch that lets the sandbox gateway (and its routes) run outside development: for tests only.
    public static let sandboxForTesting = "TKTPLZ_TESTING_SANDBOX_GATEWAY"
    /// The switch that seeds the demo shows outside development: for tests only.
    public static let demoDataForTesting = "TKTPLZ_TESTING_DEMO_DATA"

    /// One line per missing or unusable setting, naming it; empty when production may start.
    public static func problems(in environment: [String: String]) -> [String] {
        var problems: [String] = []
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

        switch value("JWT_SECRET") {
        case nil:
            problems.append("JWT_SECRET is not set: sessions would be signed with the development secret in the source (set 32 or more random bytes)")
        case let secret? where secret == Secrets.developmentJWTSecret:
            problems.append("JWT_SECRET is the development secret from the source: set 32 or more random bytes")
        case let secret? where secret.utf8.count < 32:
            problems.append("JWT_SECRET is \(secret.utf8.count) bytes: it must be at least 32")
        default: break
        }
        for name in ["TICKET_SIGNING_KEY", "ADMIN_SEAL_KEY"] {
            let what = name == "TICKET_SIGNING_KEY" ? "tickets' Ed25519 key" : "the key that seals admins' TOTP secrets"
            guard let configured = value(name) else {
                problems.append("\(name) is not set: \(what) would be a development key kept beside the data (set 32 bytes in base64)")
                continue
            }
            if Data(base64Encoded: configured)?.count != 32 { problems.append("\(name) must be 32 bytes in base64") }
        }
        switch value("WEBHOOK_SECRET_KEY") {
        case nil:
            problems.append("WEBHOOK_SECRET_KEY is not set: organizers' webhooks would be signed with the development secret in the source (set 32 or more random bytes)")
        case Secrets.developmentWebhookKey?:
            problems.append("WEBHOOK_SECRET_KEY is the development secret from the source: set 32 or more random bytes")
        case let key? where key.utf8.count < 32:
            problems.append("WEBHOOK_SECRET_KEY is \(key.utf8.count) bytes: it must be at least 32")
        default: break
        }
        switch value("PAYMENT_WEBHOOK_SECRET") {
        case nil: problems.append("PAYMENT_WEBHOOK_SECRET is not set: webhooks would be checked with the development secret in the source")
        case PaymentSettings.developmentWebhookSecret?: problems.append("PAYMENT_WEBHOOK_SECRET is the development secret from the source")
        default: break
        }
        if environment[sandboxForTesting] == "1" {
            switch value("PAYMENT_KEY_SECRET") {
            case nil: problems.append("PAYMENT_KEY_SECRET is not set: the testing sandbox would sign payments with the development secret")
            case PaymentSettings.developmentKeySecret?: problems.append("PAYMENT_KEY_SECRET is the development secret from the source")
            default: break
            }
        } else {
            for name in ["RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET"] where value(name) == nil {
                problems.append("\(name) is not set: production takes payments through Razorpay only (the sandbox, where anyone can pay for free, runs in development or with \(sandboxForTesting)=1)")
            }
        }
        if value("RESEND_API_KEY") == nil && value("SMTP_URL") == nil {
            problems.append("SMTP_URL (or RESEND_API_KEY) is not set: passcodes and tickets would go to the outbox, which only development serves")
        }
        return problems
    }
}
