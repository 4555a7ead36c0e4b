import API
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// One client address asking too much gets 429 with `Retry-After`, before anything is decided or appended.
@Suite("API: rate limits")
struct RateLimitTests {
    private func limits(signInBurst: Int, proxyHeader: String? = nil) -> RateLimitSettings {
        var limits = RateLimitSettings()
        limits.signIn = .init(burst: signInBurst, perHour: 60)
        limits.trustedProxyHeader = proxyHeader
        return limits
    }

    private func askForCode(_ client: any TestClientProtocol, _ email: String, from address: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9, \(address)" }
        return try await client.execute(uri: "/api/auth/user-reg", method: .post, headers: headers,
                                        body: ByteBuffer(string: #"{"name":"N","email":"\#(email)"}"#)) { $0 }
    }

    @Test func passcodeRequestsAcrossAddressesAreLimitedPerClientWith429AndRetryAfter() async throws {
        try await withDemoServerStores(rateLimits: limits(signInBurst: 3)) { client, log, _ in
            for index in 0..<3 { #expect(try await askForCode(client, "n\(index)@example.com").status == .ok) }
            let head = try await log.head()
            let refused = try await askForCode(client, "n3@example.com")
            #expect(refused.status == .tooManyRequests)
            #expect(try decode(ErrorBody.self, refused).error.code == "rate_limited")
            // 60 an hour: the next token is at most a minute away (less when the three requests took a while, as on
            // a loaded machine: the bucket refills meanwhile).
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            #expect(try await log.head() == head)
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains(#"tktplz_rate_limited_total{rule="sign-in"} 1"#))
        }
    }

    @Test func theProxyHeaderNamesTheClientOnlyWhenItIsTrusted() async throws {
        try await withDemoServerStores(rateLimits: limits(signInBurst: 1, proxyHeader: "X-Forwarded-For")) { client, _, _ async throws in
            #expect(try await askForCode(client, "a@example.com", from: "198.51.100.1").status == .ok)
            #expect(try await askForCode(client, "b@example.com", from: "198.51.100.2").status == .ok)
            #expect(try await askForCode(client, "c@example.com", from: "198.51.100.1").status == .tooManyRequests)
        }
        try await withDemoServerStores(rateLimits: limits(signInBurst: 1)) { client, _, _ async throws in
            // Not trusted: a client cannot pick a new address per request by sending the header.
            #expect(try await askForCode(client, "a@example.com", from: "198.51.100.1").status == .ok)
            #expect(try await askForCode(client, "b@example.com", from: "198.51.100.2").status == .tooManyRequests)
        }
    }
}
