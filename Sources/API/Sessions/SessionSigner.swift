public import Foundation
import Hummingbird
import JWTKit

/// Signs and verifies session tokens with an HMAC key from the environment (`JWT_SECRET`, at least 32 bytes).
public struct SessionSigner: Sendable {
    /// How long a session lasts (the original's 5 days).
    public static let lifetime: TimeInterval = 5 * 24 * 3600
    private let keys: JWTKeyCollection

    /// - Throws: `APIError` 500-class configuration error when the secret is shorter than 32 bytes (jwt-kit
    ///   refuses short HMAC keys, and a short secret would be guessable).
    public init(secret: String) async throws {
        guard secret.utf8.count >= 32 else {
            throw ConfigurationError("JWT_SECRET must be at least 32 bytes; it is \(secret.utf8.count)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// A token for `identity`, valid from `now` for `lifetime`.
    public func issue(for identity: Identity, now: Date = Date()) async throws -> String {
        let claims = SessionClaims(
            sub: SubjectClaim(value: identity.id), role: identity.role.rawValue, email: identity.email,
            iat: IssuedAtClaim(value: now), exp: ExpirationClaim(value: now.addingTimeInterval(Self.lifetime)))
        return try await keys.sign(claims)
    }

    /// The identity a token carries; any forged, tampered, expired or malformed token is a 401.
    public func verify(_ token: String) async throws(APIError) -> Identity {
        let claims: SessionClaims
        do {
            claims = try await keys.verify(token, as: SessionClaims.self)
        } catch {
            throw APIError(.unauthorized, code: "invalid_session", "the session token is invalid or expired; sign in again")
        }
        guard let role = Identity.Role(rawValue: claims.role) else {
            throw APIError(.unauthorized, code: "invalid_session", "the session token names an unknown role")
        }
        return Identity(role: role, id: claims.sub.value, email: claims.email)
    }
}

/// A setting the server cannot start with.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
