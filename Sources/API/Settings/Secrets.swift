public import Foundation
public import Logging

/// Secrets come from the environment. Without them the server runs on development defaults, and says so loudly.
public enum Secrets {
    /// Development only: never use outside a laptop.
    static let developmentJWTSecret = "tktplz-development-only-jwt-secret-do-not-deploy"

    /// Development only, as the JWT default.
    static let developmentWebhookKey = "tktplz-development-only-webhook-key-do-not-deploy"

    /// `WEBHOOK_SECRET_KEY`, from which every webhook endpoint's signing secret is derived, or the development
    /// default with a warning.
    public static func webhookKey(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) -> String {
        if let key = environment["WEBHOOK_SECRET_KEY"], !key.isEmpty { return key }
        logger.warning("WEBHOOK_SECRET_KEY is not set: using the development default; anyone can forge webhook deliveries. Set WEBHOOK_SECRET_KEY (32+ bytes).")
        return developmentWebhookKey
    }

    /// `JWT_SECRET`, or the development default with a warning.
    public static func jwtSecret(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) -> String {
        if let secret = environment["JWT_SECRET"], !secret.isEmpty { return secret }
        logger.warning("JWT_SECRET is not set: using the development default; anyone can forge sessions. Set JWT_SECRET (32+ bytes).")
        return developmentJWTSecret
    }
}
