import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A frontend on another origin: CORS for the origins `CORS_ORIGINS` lists (preflight, credentials, errors) and
/// nothing for any other; requests that change something refused from a foreign origin's page (CSRF); the session
/// cookie's SameSite rule following the settings.
@Suite("API: other origins (CORS, CSRF, SameSite)")
struct CrossOriginTests {
    static let shop = "https://shop.example"
    static let allowed = CrossOriginSettings(origins: [shop], sameSite: .none)

    private func withServer(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withDemoServerStores(secureCookies: true, crossOrigin: Self.allowed) { client, _, _ in try await body(client) }
    }

    @Test func settingsNormaliseOriginsAndDefaultToSameSiteNoneOnlyWithSecureCookies() {
        let environment = ["CORS_ORIGINS": " HTTPS://Shop.Example:443/ , http://127.0.0.1:8080", "TKTPLZ_ENV": "production"]
        let secure = CrossOriginSettings.resolve(environment: environment, secureCookies: true)
        #expect(secure.origins == ["https://shop.example", "http://127.0.0.1:8080"])
        #expect(secure.sameSite == .none)
        #expect(CrossOriginSettings.resolve(environment: environment, secureCookies: false).sameSite == .lax)
        #expect(CrossOriginSettings.resolve(environment: [:], secureCookies: true) == CrossOriginSettings(origins: [], sameSite: .lax))
        #expect(CrossOriginSettings.resolve(environment: ["COOKIE_SAMESITE": "Strict"], secureCookies: true).sameSite == .strict)
        let production = ServerSettings.resolve(host: nil, port: nil, dataDirectory: nil, environment: environment)
        #expect(production.crossOrigin == secure)
    }

    @Test func unusableSettingsStopTheServerEvenInDevelopmentNamingTheSetting() {
        let problems = ServerSettings.startProblems([
            "CORS_ORIGINS": "*, shop.example, https://shop.example/path, http://x:99999", "COOKIE_SAMESITE": "none"])
        #expect(problems.count == 5)
        #expect(problems.filter { $0.hasPrefix("CORS_ORIGINS: ") }.count == 4)
        #expect(problems.contains { $0.hasPrefix("COOKIE_SAMESITE=none needs SECURE_COOKIES=1") })
        #expect(ServerSettings.startProblems(["COOKIE_SAMESITE": "sometimes"]) == ["COOKIE_SAMESITE is \"sometimes\": it must be lax, strict or none"])
        #expect(ServerSettings.startProblems(["CORS_ORIGINS": "https://shop.example", "COOKIE_SAMESITE": "none", "SECURE_COOKIES": "1"]).isEmpty)
    }

    @Test func aPreflightFromAnAllowedOriginPassesWithCredentialsAndOneFromAnotherOriginGetsNoCORSHeader() async throws {
        try await withServer { client in
            let preflight: HTTPFields = [.origin: Self.shop, .accessControlRequestMethod: "POST",
                                         .accessControlRequestHeaders: "content-type"]
            try await client.execute(uri: "/api/booking/hold", method: .options, headers: preflight) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
                #expect(response.headers[.accessControlAllowCredentials] == "true")
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(response.headers[.accessControlAllowHeaders]?.lowercased().contains("content-type") == true)
                #expect(response.headers[.vary] == "Origin")
            }
            var foreign = preflight
            foreign[.origin] = "https://evil.example"
            try await client.execute(uri: "/api/booking/hold", method: .options, headers: foreign) { response in
                #expect(response.status != .noContent)
                #expect(!response.headers.contains { $0.name.rawName.lowercased().hasPrefix("access-control-") })
            }
        }
    }

    @Test func answersAndRefusalsToAnAllowedOriginCarryItAndOtherOriginsGetNothing() async throws {
        let asha = try await customer("asha")
        try await withServer { client in
            var signedIn = asha
            signedIn[.origin] = Self.shop
            try await client.execute(uri: "/api/auth/me", method: .get, headers: signedIn) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
                #expect(response.headers[.accessControlAllowCredentials] == "true")
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Retry-After") == true)
            }
            // A refusal too: the page must be able to read why.
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.origin: Self.shop]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "no_session")
            }
            signedIn[.origin] = "https://evil.example"
            try await client.execute(uri: "/api/auth/me", method: .get, headers: signedIn) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.accessControlAllowCredentials] == nil)
            }
        }
    }

    @Test func aForeignPageCannotChangeAnythingWithACustomersCookie() async throws {
        let asha = try await customer("asha")
        let token = String(try #require(asha[.authorization]).dropFirst("Bearer ".count))
        let hold = ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1"]}"#)
        try await withServer { client in
            let cookie: HTTPFields = [.cookie: "tktplz_session=\(token)", .contentType: "application/json"]
            var forged = cookie
            forged[.origin] = "https://evil.example"
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: forged, body: hold) { response in
                #expect(response.status == .forbidden)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "foreign_origin")
                #expect(error.message.contains("https://evil.example"))
            }
            // A browser that leaves `Origin` out but says the page is another site's, or names it only in `Referer`.
            var unnamed = cookie
            unnamed[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: unnamed, body: hold) { response in
                #expect(response.status == .forbidden)
            }
            var referred = cookie
            referred[.referer] = "https://evil.example/page?x=1"
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: referred, body: hold) { response in
                #expect(response.status == .forbidden)
            }
            // `null`: a sandboxed frame or a redirect across origins.
            var null = cookie
            null[.origin] = "null"
            try await client.execute(uri: "/api/auth/logout", method: .post, headers: null) { response in
                #expect(response.status == .forbidden)
            }
            // Reading is not refused: it changes nothing, and CORS keeps the answer from the foreign page.
            var reading = cookie
            reading[.origin] = "https://evil.example"
            try await client.execute(uri: "/api/auth/me", method: .get, headers: reading) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theSameOriginAnAllowedOriginAndClientsWithoutABrowserMayChangeThings() async throws {
        let asha = try await customer("asha")
        let token = String(try #require(asha[.authorization]).dropFirst("Bearer ".count))
        try await withServer { client in
            let cookie: HTTPFields = [.cookie: "tktplz_session=\(token)", .contentType: "application/json"]
            // The router's test client asks for `localhost` over http.
            let origins: [String?] = ["http://localhost", "http://localhost:80", Self.shop, nil]
            for (origin, seat) in zip(origins, ["A1", "A2", "A3", "A4"]) {
                var headers = cookie
                if let origin { headers[.origin] = origin }
                let body = ByteBuffer(string: #"{"eventId":"demo-seated","seats":["\#(seat)"]}"#)
                try await client.execute(uri: "/api/booking/hold", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .ok, "origin \(origin ?? "none")")
                }
            }
        }
    }

    @Test func theSessionCookieIsSameSiteNoneAndSecureForAFrontendOnAnotherSite() async throws {
        try await withServer { client in
            try await client.execute(uri: "/api/auth/user-reg", method: .post, headers: [.origin: Self.shop],
                                     body: ByteBuffer(string: #"{"name":"Asha","email":"asha@example.com"}"#)) { response in
                #expect(response.status == .ok)
            }
            let code = try await client.execute(uri: "/dev/outbox?to=asha@example.com", method: .get) { response in
                String(try #require(String(buffer: response.body).firstMatch(of: /\b\d{6}\b/)).output)
            }
            try await client.execute(uri: "/api/auth/verify-otp", method: .post, headers: [.origin: Self.shop],
                                     body: ByteBuffer(string: #"{"email":"asha@example.com","inputOtp":"\#(code)"}"#)) { response in
                #expect(response.status == .ok)
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("SameSite=None"))
                #expect(cookie.contains("Secure"))
                #expect(cookie.contains("HttpOnly"))
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
            }
        }
    }
}
