import API
import App
import Crypto
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Synchronization
import Testing
import _CryptoExtras

/// The claims a stand-in provider signs into an ID token.
private struct IssuedClaims: JWTPayload {
    var iss: String
    var aud: String
    var sub: String
    var exp: Int
    var nonce: String
    var email: String
    var email_verified: Bool
    var name: String
    func verify(using _: some JWTAlgorithm) async throws {}
}

/// A stand-in for Google's token endpoint and key set on a real port, signing RS256 as Google does. The test says
/// which claims the next code's ID token carries, and which key signs it.
private final class FakeGoogle: Sendable {
    static let clientID = "tktplz-test.apps.example"
    static let clientSecret = "test-client-secret"
    static let issuer = "https://accounts.example.test"
    let published: JWTKit.Insecure.RSA.PrivateKey
    let unpublished: JWTKit.Insecure.RSA.PrivateKey
    let next = Mutex<(claims: IssuedClaims, signedByPublishedKey: Bool)?>(nil)
    let forms = Mutex<[String]>([])

    init() throws {
        published = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        unpublished = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    func jwks() throws -> String {
        let (modulus, exponent) = try published.publicKey.getKeyPrimitives()
        func base64URL(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return #"{"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":"k1","n":"\#(base64URL(modulus))","e":"\#(base64URL(exponent))"}]}"#
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.get("certs") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: try self.jwks())))
        }
        router.post("token") { request, _ -> Response in
            let form = String(buffer: try await request.body.collect(upTo: 1 << 16))
            self.forms.withLock { $0.append(form) }
            guard form.contains("code=code-1"), form.contains("client_secret=\(Self.clientSecret)"), let next = self.next.withLock({ $0 }) else {
                return Response(status: .badRequest, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"error":"invalid_grant"}"#)))
            }
            let keys = JWTKeyCollection()
            await keys.add(rsa: next.signedByPublishedKey ? self.published : self.unpublished, digestAlgorithm: .sha256, kid: "k1")
            let token = try await keys.sign(next.claims, kid: "k1")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"id_token":"\#(token)","token_type":"Bearer"}"#)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    func settings(port: Int) -> GoogleSettings {
        var settings = GoogleSettings(clientID: Self.clientID, clientSecret: Self.clientSecret, redirectURI: "http://127.0.0.1:5000/api/auth/google/callback")
        settings.authorizationEndpoint = "http://127.0.0.1:\(port)/auth"
        settings.tokenEndpoint = "http://127.0.0.1:\(port)/token"
        settings.keysEndpoint = "http://127.0.0.1:\(port)/certs"
        settings.issuers = [Self.issuer]
        return settings
    }

    func claims(email: String, verified: Bool = true, nonce: String, subject: String = "g-1", audience: String = FakeGoogle.clientID) -> IssuedClaims {
        IssuedClaims(iss: Self.issuer, aud: audience, sub: subject, exp: Int(Date().timeIntervalSince1970) + 600, nonce: nonce,
                     email: email, email_verified: verified, name: "Asha G")
    }
}

/// One browser's round trip: start at `/api/auth/google`, then come back to the callback with the code.
private struct GoogleRoundTrip {
    let client: any TestClientProtocol
    var state = ""
    var nonce = ""
    var cookie = ""

    mutating func start() async throws {
        let started = try await client.execute(uri: "/api/auth/google", method: .get, headers: [:], body: nil) { $0 }
        try #require(started.status == .seeOther)
        let redirect = try #require(started.headers[.location])
        let location = try #require(URLComponents(string: redirect))
        #expect(location.path == "/auth")
        let query = Dictionary(uniqueKeysWithValues: (location.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["client_id"] == FakeGoogle.clientID && query["response_type"] == "code" && query["scope"] == "openid email profile")
        state = try #require(query["state"])
        nonce = try #require(query["nonce"])
        cookie = String(try #require(started.headers[.setCookie]).prefix { $0 != ";" })
    }

    func callback(code: String = "code-1", state: String? = nil, cookie: String? = nil) async throws -> TestResponse {
        let headers: HTTPFields = (cookie ?? self.cookie).isEmpty ? [:] : [.cookie: cookie ?? self.cookie]
        return try await client.execute(uri: "/api/auth/google/callback?code=\(code)&state=\(state ?? self.state)", method: .get, headers: headers, body: nil) { $0 }
    }
}

/// The session token a successful callback set.
private func sessionToken(_ response: TestResponse) throws -> String {
    let cookies = response.headers[values: .setCookie]
    let session = try #require(cookies.first { $0.hasPrefix("tktplz_session=") })
    return String(session.dropFirst("tktplz_session=".count).prefix { $0 != ";" })
}

@Suite("API: customers sign in with Google")
struct GoogleSignInTests {
    @Test func aVerifiedAddressSignsUpThenAnExistingAccountIsJoinedOnlyWhenVerified() async throws {
        let google = try FakeGoogle()
        try await google.application().test(.live) { provider in
            try await withDemoServerStores(google: google.settings(port: try #require(provider.port))) { client, log, _ in
                // A new address, verified by Google: an account is made and linked; the session is a customer's.
                var trip = GoogleRoundTrip(client: client)
                try await trip.start()
                google.next.withLock { $0 = (google.claims(email: "Asha@Example.com", nonce: trip.nonce), true) }
                let signedUp = try await trip.callback()
                #expect(signedUp.status == .seeOther && signedUp.headers[.location] == "/", "\(String(buffer: signedUp.body))")
                struct Me: Decodable {
                    struct User: Decodable { var role: String; var id: String; var email: String }
                    var user: User
                    var role: String { user.role }
                    var id: String { user.id }
                    var email: String { user.email }
                }
                let me = try decode(Me.self, try await client.execute(uri: "/api/auth/me", method: .get,
                                                                      headers: [.authorization: "Bearer \(try sessionToken(signedUp))"], body: nil) { $0 })
                #expect(me.role == "customer" && me.email == "asha@example.com")
                let stream = try Customer.stream(CustomerID(me.id))
                #expect(try await log.read(stream: stream, from: .first, direction: .forwards, limit: 10).map(\.type) == ["CustomerRegistered", "GoogleAccountLinked"])
                let form = try #require(google.forms.withLock { $0 }.last)
                #expect(form.contains("grant_type=authorization_code") && form.contains("code=code-1"))
                // Form-encoded as a form is read: `:` and `/` escaped, so `&`, `=` and `+` in a value could not split it.
                #expect(form.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fapi%2Fauth%2Fgoogle%2Fcallback"), "\(form)")

                // The demo customer's address, not verified by Google: the account is not joined, nothing appended.
                let demo = try Customer.stream(DemoData.customer)
                try await trip.start()
                google.next.withLock { $0 = (google.claims(email: DemoData.customerEmail, verified: false, nonce: trip.nonce, subject: "g-2"), true) }
                let unverified = try await trip.callback()
                #expect(unverified.status == .forbidden)
                #expect(try decode(ErrorBody.self, unverified).error.code == "email_not_verified")
                #expect(try await log.read(stream: demo, from: .first, direction: .forwards, limit: 10).map(\.type) == ["CustomerRegistered"])

                // Verified: the existing account is joined, and its session is that account's.
                try await trip.start()
                google.next.withLock { $0 = (google.claims(email: DemoData.customerEmail, nonce: trip.nonce, subject: "g-2"), true) }
                let joined = try await trip.callback()
                #expect(joined.status == .seeOther)
                let joinedMe = try decode(Me.self, try await client.execute(uri: "/api/auth/me", method: .get,
                                                                            headers: [.authorization: "Bearer \(try sessionToken(joined))"], body: nil) { $0 })
                #expect(joinedMe.id == DemoData.customer.rawValue)
                #expect(try await log.read(stream: demo, from: .first, direction: .forwards, limit: 10).map(\.type) == ["CustomerRegistered", "GoogleAccountLinked"])
            }
        }
    }

    @Test func forgedStateWrongNonceAudienceOrKeyAreRefusedAndAppendNothing() async throws {
        let google = try FakeGoogle()
        try await google.application().test(.live) { provider in
            try await withDemoServerStores(google: google.settings(port: try #require(provider.port))) { client, log, _ in
                var trip = GoogleRoundTrip(client: client)
                try await trip.start()
                let head = try await log.head()
                google.next.withLock { $0 = (google.claims(email: "mallory@example.com", nonce: trip.nonce), true) }
                // The callback of another browser's attempt, or with no attempt at all.
                #expect(try await trip.callback(state: "forged").status == .badRequest)
                #expect(try await trip.callback(cookie: "").status == .badRequest)
                let tampered = trip.cookie.replacingOccurrences(of: trip.state, with: "forged")
                #expect(try await trip.callback(state: "forged", cookie: tampered).status == .badRequest)
                // A token for another attempt, another client, or signed by a key the provider never published.
                google.next.withLock { $0 = (google.claims(email: "mallory@example.com", nonce: "another-attempt"), true) }
                let replayed = try await trip.callback()
                #expect(replayed.status == .unauthorized)
                #expect(try decode(ErrorBody.self, replayed).error.message.contains("another sign-in attempt"))
                google.next.withLock { $0 = (google.claims(email: "mallory@example.com", nonce: trip.nonce, audience: "someone-else"), true) }
                #expect(try await trip.callback().status == .unauthorized)
                google.next.withLock { $0 = (google.claims(email: "mallory@example.com", nonce: trip.nonce), false) }
                #expect(try await trip.callback().status == .unauthorized)
                // A code the provider refuses, and a refusal at the provider.
                #expect(try await trip.callback(code: "stolen").status == .unauthorized)
                let refused = try await client.execute(uri: "/api/auth/google/callback?error=access_denied&state=\(trip.state)", method: .get,
                                                       headers: [.cookie: trip.cookie], body: nil) { $0 }
                #expect(refused.status == .unauthorized)
                #expect(try await log.head() == head)
            }
        }
    }

    @Test func withoutAClientIdAndSecretGoogleSignInIsNotThere() async throws {
        try await withDemoServer { client, _ in
            let start = try await client.execute(uri: "/api/auth/google", method: .get, headers: [:], body: nil) { $0 }
            let callback = try await client.execute(uri: "/api/auth/google/callback?code=x&state=y", method: .get, headers: [:], body: nil) { $0 }
            #expect(start.status == .notFound && callback.status == .notFound)
        }
        #expect(ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: [:]).google == nil)
        let on = ServerSettings.resolve(host: nil, port: 5000, dataDirectory: nil, environment: ["GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "secret"]).google
        #expect(on?.redirectURI == "http://localhost:5000/api/auth/google/callback" && on?.tokenEndpoint == "https://oauth2.googleapis.com/token")
    }
}
