import API
import Domain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Projections
import Testing

/// Logging out ends the session on the server: the token, and any copy of it, is refused from then on, also by a
/// server started afresh over the same log.
@Suite("API: logout")
struct LogoutTests {
    private func withServer(_ directory: URL, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        let projections = try ProjectionStore(path: directory.appendingPathComponent("projections").path, durable: false)
        let app = try await buildApplication(
            settings: ServerSettings(host: "127.0.0.1", port: 0, dataDirectory: directory), log: log, projections: projections,
            sessions: try await SessionSigner(secret: testSecret), codeKey: "test", logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func aRevokedTokenIsRefusedAfterLogoutAndAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-logout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let asha = try await customer("asha")
        let other = try await customer("asha")
        try await withServer(directory) { client in
            let driver = CheckoutDriver(client: client)
            #expect(try await driver.get("/api/auth/me", asha).status == .ok)
            #expect(try await driver.post("/api/auth/logout", asha, "").status == .noContent)
            let refused = try await driver.get("/api/auth/me", asha)
            #expect(refused.status == .unauthorized)
            #expect(try decode(ErrorBody.self, refused).error.code == "session_ended")
            // Another session of the same customer is not ended by this one's logout.
            #expect(try await driver.get("/api/auth/me", other).status == .ok)
        }
        try await withServer(directory) { client async throws in
            #expect(try await CheckoutDriver(client: client).get("/api/auth/me", asha).status == .unauthorized)
        }
    }

    @Test func aTokenWithoutASessionIdIsRefused() async throws {
        // What a token made before sessions could end looks like: it could never be revoked, so it is not taken.
        struct OldClaims: JWTPayload {
            var sub: SubjectClaim; var role: String; var email: String; var iat: IssuedAtClaim; var exp: ExpirationClaim
            func verify(using algorithm: some JWTAlgorithm) throws {}
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: testSecret), digestAlgorithm: .sha256)
        let old = try await keys.sign(OldClaims(sub: .init(value: "asha"), role: "customer", email: "asha@example.com",
                                                iat: .init(value: Date()), exp: .init(value: Date().addingTimeInterval(3600))))
        await #expect(throws: APIError.self) { try await SessionSigner(secret: testSecret).verify(old) }
    }

    @Test func anAdminsSessionIsShortAndRenewedWhileItIsUsed() async throws {
        let signer = try await SessionSigner(secret: testSecret)
        let admin = Identity(role: .admin, id: "admin-1", email: "admin@example.com")
        let issuedAt = Date().addingTimeInterval(-20 * 60)
        let token = try await signer.issue(for: admin, now: issuedAt)
        // Twenty minutes into a thirty-minute session: the answer carries a fresh token for the same session.
        let renewed = try #require(try await signer.renewal(of: token))
        #expect(try await signer.verify(renewed) == admin)
        #expect(try await signer.renewal(of: signer.issue(for: admin)) == nil)
        await #expect(throws: APIError.self) { try await signer.verify(try await signer.issue(for: admin, now: Date().addingTimeInterval(-31 * 60))) }
    }
}
