@testable import API
import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

private let secret = String(repeating: "s", count: 40)
private let asha = Identity(role: .customer, id: "customer-1", email: "asha@tktplz.test")

@Suite("API: sessions")
struct SessionTests {
    @Test func aSignedTokenVerifiesBackToItsIdentity() async throws {
        let signer = try await SessionSigner(secret: secret)
        #expect(try await signer.verify(signer.issue(for: asha)) == asha)
    }

    @Test func aTokenWithOneChangedCharacterIsRefused() async throws {
        let signer = try await SessionSigner(secret: secret)
        var token = Array(try await signer.issue(for: asha))
        // Change a character of the payload (the middle part): the signature no longer matches.
        let dot = try #require(token.firstIndex(of: "."))
        token[dot + 5] = token[dot + 5] == "A" ? "B" : "A"
        await #expect(throws: APIError.self) { try await signer.verify(String(token)) }
    }

    @Test func aTokenSignedWithAnotherSecretIsRefused() async throws {
        let forged = try await SessionSigner(secret: String(repeating: "x", count: 40)).issue(for: Identity(role: .admin, id: "a", email: "a@b.c"))
        await #expect(throws: APIError.self) { try await SessionSigner(secret: secret).verify(forged) }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let signer = try await SessionSigner(secret: secret)
        let old = try await signer.issue(for: asha, now: Date().addingTimeInterval(-SessionSigner.lifetime - 60))
        await #expect(throws: APIError.self) { try await signer.verify(old) }
    }

    @Test func aVerifiedTokenIsCheckedOnceThenServedFromTheCacheAndATamperedCopyIsStillRefused() async throws {
        let signer = try await SessionSigner(secret: secret)
        let token = try await signer.issue(for: asha)
        #expect(try await signer.verify(token) == asha)
        #expect(signer.verified.count == 1)
        #expect(try await signer.verify(token) == asha)
        #expect(signer.verified.count == 1, "the second use found the first's verification")
        var tampered = Array(token)
        let dot = try #require(tampered.firstIndex(of: "."))
        tampered[dot + 5] = tampered[dot + 5] == "A" ? "B" : "A"
        await #expect(throws: APIError.self) { try await signer.verify(String(tampered)) }
    }

    @Test func aCachedTokenIsRefusedOnceItExpires() async throws {
        let signer = try await SessionSigner(secret: secret)
        // An admin's session (30 min) issued so that it has a second and a half left.
        let admin = Identity(role: .admin, id: "admin-1", email: "root@tktplz.test")
        let token = try await signer.issue(for: admin, now: Date().addingTimeInterval(-SessionSigner.adminLifetime + 1.5))
        #expect(try await signer.verify(token) == admin)
        try await Task.sleep(for: .seconds(2))
        await #expect(throws: APIError.self) { try await signer.verify(token) }
    }

    @Test func theCacheKeepsAtMostItsCapacityExpiredFirst() {
        let cache = VerifiedTokens(capacity: 4)
        let now = Date()
        for index in 0..<10 {
            let expires = index < 3 ? now.addingTimeInterval(-1) : now.addingTimeInterval(60)
            cache.remember(.init(identity: asha, session: "s\(index)", issued: now, expires: expires), for: "t\(index)", now: now)
            #expect(cache.count <= 4)
        }
        #expect(cache.entry(for: "t9", now: now)?.session == "s9", "the newest is kept")
        #expect(cache.entry(for: "t0", now: now) == nil)
    }

    @Test func aShortSecretIsAConfigurationError() async {
        await #expect(throws: ConfigurationError.self) { try await SessionSigner(secret: "short") }
    }

    @Test func meAnswersFromABearerTokenOrTheCookieAnd401WithoutOne() async throws {
        let signer = try await SessionSigner(secret: String(repeating: "k", count: 32))
        let token = try await signer.issue(for: asha)
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""id":"customer-1""#))
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: "tktplz_session=\(token)"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/auth/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains(#""code":"no_session""#))
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(token)x"]) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains(#""code":"invalid_session""#))
            }
        }
    }

    @Test func logoutClearsTheCookie() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/logout", method: .get) { response in
                #expect(response.status == .noContent)
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("tktplz_session=;"))
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("Max-Age=0"))
            }
        }
    }
}

@Suite("API: the outbox mailer")
struct OutboxTests {
    @Test func mailIsWrittenToTheOutboxAndReadBackNewestFirst() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outbox = OutboxMailer(directory: directory)
        try await outbox.send(Mail(to: "asha@tktplz.test", subject: "Your code", text: "123456", sentAt: Date(timeIntervalSince1970: 1)))
        try await outbox.send(Mail(to: "ravi@tktplz.test", subject: "Your code", text: "654321", sentAt: Date(timeIntervalSince1970: 2)))
        #expect(try outbox.recent().map(\.to) == ["ravi@tktplz.test", "asha@tktplz.test"])
        #expect(try outbox.recent(to: "ASHA@tktplz.test").map(\.text) == ["123456"])
    }
}
