public import Foundation

/// Which payment gateway the server uses: the embedded sandbox (the default), or Razorpay when
/// `RAZORPAY_KEY_ID` and `RAZORPAY_KEY_SECRET` are set (`RAZORPAY_API_URL` to point elsewhere). Webhooks are signed
/// with `PAYMENT_WEBHOOK_SECRET`; the sandbox signs payments with `PAYMENT_KEY_SECRET`. Unset secrets fall back to
/// development defaults, with a warning.
public struct PaymentSettings: Sendable, Equatable {
    public enum Gateway: Sendable, Equatable {
        case sandbox(keySecret: String)
        case razorpay(baseURL: String, keyID: String, keySecret: String)
    }

    public var gateway: Gateway
    public var webhookSecret: String
    /// The secrets are the development defaults (the server warns at start).
    public var usesDevelopmentSecrets: Bool

    public static let developmentKeySecret = "tktplz-development-only-payment-key-secret"
    public static let developmentWebhookSecret = "tktplz-development-only-webhook-secret"

    public init(gateway: Gateway = .sandbox(keySecret: developmentKeySecret), webhookSecret: String = developmentWebhookSecret) {
        self.gateway = gateway
        self.webhookSecret = webhookSecret
        usesDevelopmentSecrets = webhookSecret == Self.developmentWebhookSecret || gateway == .sandbox(keySecret: Self.developmentKeySecret)
    }

    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> PaymentSettings {
        let webhookSecret = environment["PAYMENT_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? developmentWebhookSecret
        if let keyID = environment["RAZORPAY_KEY_ID"], !keyID.isEmpty, let secret = environment["RAZORPAY_KEY_SECRET"], !secret.isEmpty {
            return PaymentSettings(
                gateway: .razorpay(baseURL: environment["RAZORPAY_API_URL"] ?? "https://api.razorpay.com", keyID: keyID, keySecret: secret),
                webhookSecret: webhookSecret)
        }
        let keySecret = environment["PAYMENT_KEY_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? developmentKeySecret
        return PaymentSettings(gateway: .sandbox(keySecret: keySecret), webhookSecret: webhookSecret)
    }

    public var signatures: PaymentSignatures {
        switch gateway {
        case .sandbox(let keySecret), .razorpay(_, _, let keySecret): PaymentSignatures(keySecret: keySecret, webhookSecret: webhookSecret)
        }
    }
}
