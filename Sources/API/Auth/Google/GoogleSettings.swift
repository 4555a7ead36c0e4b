public import Foundation

/// Google sign-in for customers (OpenID Connect's authorization-code flow). Off unless both `GOOGLE_CLIENT_ID` and
/// `GOOGLE_CLIENT_SECRET` are set. The endpoints default to Google's own; each can be pointed elsewhere (another
/// OpenID provider, or a stand-in in tests) with `GOOGLE_AUTH_URL`, `GOOGLE_TOKEN_URL`, `GOOGLE_CERTS_URL` and
/// `GOOGLE_ISSUER`.
public struct GoogleSettings: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String
    /// Where Google sends the browser back: this server's `/api/auth/google/callback`, as registered with Google.
    public var redirectURI: String
    public var authorizationEndpoint = "https://accounts.google.com/o/oauth2/v2/auth"
    public var tokenEndpoint = "https://oauth2.googleapis.com/token"
    /// The provider's signing keys (a JWKS).
    public var keysEndpoint = "https://www.googleapis.com/oauth2/v3/certs"
    /// The `iss` values an ID token may carry (Google uses both spellings).
    public var issuers = ["https://accounts.google.com", "accounts.google.com"]

    public init(clientID: String, clientSecret: String, redirectURI: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
    }

    /// The settings from the environment, or `nil` (Google sign-in off) without a client id and secret.
    static func resolve(environment: [String: String], port: Int) -> GoogleSettings? {
        guard let id = environment["GOOGLE_CLIENT_ID"], !id.isEmpty,
              let secret = environment["GOOGLE_CLIENT_SECRET"], !secret.isEmpty else { return nil }
        var settings = GoogleSettings(
            clientID: id, clientSecret: secret,
            redirectURI: environment["GOOGLE_REDIRECT_URI"] ?? "http://localhost:\(port)/api/auth/google/callback")
        if let url = environment["GOOGLE_AUTH_URL"] { settings.authorizationEndpoint = url }
        if let url = environment["GOOGLE_TOKEN_URL"] { settings.tokenEndpoint = url }
        if let url = environment["GOOGLE_CERTS_URL"] { settings.keysEndpoint = url }
        if let issuer = environment["GOOGLE_ISSUER"] { settings.issuers = [issuer] }
        return settings
    }
}
