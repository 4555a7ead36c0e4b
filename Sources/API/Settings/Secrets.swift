public import Foundation
public import Logging

/// Secrets come from the environment. Without them the server runs on development defaults, and says so loudly.
public enum Secrets {
    /// Development only: never use outside a laptop.
    static let developmentJWTSecret = "tktplz-development-only-jwt-secret-do-not-deploy"

    /// `JWT_SECRET`, or the development default with a warning.
    public static func jwtSecret(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) -> String {
        if let secret = environment["JWT_SECRET"], !secret.isEmpty { return secret }
        logger.warning("JWT_SECRET is not set: using the development default; anyone can forge sessions. Set JWT_SECRET (32+ bytes).")
        return developmentJWTSecret
    }
}
