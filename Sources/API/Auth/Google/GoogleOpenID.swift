import AsyncHTTPClient
import Domain
import Foundation
import JWTKit
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// The OpenID Connect client side of Google sign-in: where to send the browser, the code exchanged for an ID
/// token at the token endpoint, and the token verified against the provider's published keys (fetched once and
/// again when a token names a key not seen yet, as providers rotate them).
final class GoogleOpenID: Sendable {
    let settings: GoogleSettings
    let client: HTTPClient
    private let keys = Mutex<JWTKeyCollection?>(nil)
    static let timeout = TimeAmount.seconds(10)

    init(settings: GoogleSettings, client: HTTPClient = .shared) {
        self.settings = settings
        self.client = client
    }

    /// Why a sign-in failed, in words a person can act on.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The provider's sign-in page for this attempt.
    func authorizationURL(_ attempt: GoogleSignInState) -> String {
        var components = URLComponents(string: settings.authorizationEndpoint) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "client_id", value: settings.clientID),
            URLQueryItem(name: "redirect_uri", value: settings.redirectURI),
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: attempt.state),
            URLQueryItem(name: "nonce", value: attempt.nonce),
        ]
        return components.string ?? settings.authorizationEndpoint
    }

    /// Exchanges the callback's code for the account it names, verified: signature by the provider's keys, not
    /// expired, issued by the provider to this client, for this attempt's nonce.
    func account(forCode code: String, nonce: String) async throws -> GoogleAccount {
        let token = try await idToken(forCode: code)
        let claims = try await verify(token)
        guard settings.issuers.contains(claims.iss.value) else { throw Failure(description: "the ID token was issued by \(claims.iss.value)") }
        do {
            try claims.aud.verifyIntendedAudience(includes: settings.clientID)
        } catch {
            throw Failure(description: "the ID token was issued to another client")
        }
        guard claims.nonce == nonce else { throw Failure(description: "the ID token belongs to another sign-in attempt") }
        guard let email = claims.email else { throw Failure(description: "the ID token carries no e-mail address") }
        return GoogleAccount(subject: claims.sub.value, email: email, emailVerified: claims.email_verified?.value ?? false, name: claims.name ?? "")
    }

    private func idToken(forCode code: String) async throws -> String {
        let form: [(String, String)] = [
            ("grant_type", "authorization_code"), ("code", code), ("client_id", settings.clientID),
            ("client_secret", settings.clientSecret), ("redirect_uri", settings.redirectURI),
        ]
        var request = HTTPClientRequest(url: settings.tokenEndpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form.map { "\($0)=\(Self.formEncoded($1))" }.joined(separator: "&")))
        let response = try await client.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: 256 * 1024)
        struct Tokens: Decodable { var id_token: String }
        guard response.status.code == 200, let tokens = try? JSONDecoder().decode(Tokens.self, from: Data(buffer: body)) else {
            throw Failure(description: "the token endpoint answered \(response.status.code) without an ID token")
        }
        return tokens.id_token
    }

    /// A value as a form body carries it: everything but ASCII letters, digits and `-._~` percent-encoded
    /// (URLComponents leaves `&`, `=` and `+` alone, which a form would misread).
    static func formEncoded(_ value: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private func verify(_ token: String) async throws -> GoogleIDToken {
        if let known = keys.withLock({ $0 }), let claims = try? await known.verify(token, as: GoogleIDToken.self) { return claims }
        // Unknown key, or no keys yet: fetch the current set once and try again.
        let fresh = try await fetchKeys()
        keys.withLock { $0 = fresh }
        do {
            return try await fresh.verify(token, as: GoogleIDToken.self)
        } catch {
            throw Failure(description: "the ID token is not validly signed by the provider, or it expired")
        }
    }

    private func fetchKeys() async throws -> JWTKeyCollection {
        let response = try await client.execute(HTTPClientRequest(url: settings.keysEndpoint), timeout: Self.timeout)
        let body = try await response.body.collect(upTo: 256 * 1024)
        guard response.status.code == 200 else { throw Failure(description: "the provider's keys answered \(response.status.code)") }
        do {
            return try await JWTKeyCollection().add(jwksJSON: String(buffer: body))
        } catch {
            throw Failure(description: "the provider's keys could not be read: \(error)")
        }
    }
}
