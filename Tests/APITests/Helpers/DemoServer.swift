import API
import App
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import TestSupport

/// A server over a fresh log seeded with the demo data, tested in process (`.router`) or on a real port (`.live`).
func withDemoServer(
    _ setup: TestingSetup = .router, seededAt: Instant = demoSeedTime,
    _ body: @escaping @Sendable (any TestClientProtocol, LMDBEventLog) async throws -> Void
) async throws {
    try await withDemoServerStores(setup, seededAt: seededAt) { client, log, _ in try await body(client, log) }
}

/// When the demo data of most tests was seeded: shows start a week later, whatever today is.
let demoSeedTime = Instant(millisecondsSince1970: 1_800_000_000_000)

/// The same, also handing over the projection store the server reads.
func withDemoServerStores(
    _ setup: TestingSetup = .router, seededAt: Instant = demoSeedTime, firstAdmin: String? = nil, google: GoogleSettings? = nil,
    rateLimits: RateLimitSettings = RateLimitSettings(), sandboxWebhooks: Bool = true, secureCookies: Bool = false,
    crossOrigin: CrossOriginSettings = CrossOriginSettings(), mail: MailSettings = MailSettings(), keysBesideLog: Bool = false,
    _ body: @escaping @Sendable (any TestClientProtocol, LMDBEventLog, ProjectionStore) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-routes-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    // Personal data sealed under keys in the data directory, as `tktplz serve` keeps them, so the tools that open
    // the directory read it; otherwise in this process's memory.
    guard !keysBesideLog else {
        return try await withPersonalKeys(beside: directory) {
            try await serve(directory, setup, seededAt: seededAt, firstAdmin: firstAdmin, google: google, rateLimits: rateLimits,
                            sandboxWebhooks: sandboxWebhooks, secureCookies: secureCookies, crossOrigin: crossOrigin, mail: mail, body)
        }
    }
    try await serve(directory, setup, seededAt: seededAt, firstAdmin: firstAdmin, google: google, rateLimits: rateLimits,
                    sandboxWebhooks: sandboxWebhooks, secureCookies: secureCookies, crossOrigin: crossOrigin, mail: mail, body)
}

private func serve(
    _ directory: URL, _ setup: TestingSetup, seededAt: Instant, firstAdmin: String?, google: GoogleSettings?, rateLimits: RateLimitSettings,
    sandboxWebhooks: Bool, secureCookies: Bool, crossOrigin: CrossOriginSettings, mail: MailSettings,
    _ body: @escaping @Sendable (any TestClientProtocol, LMDBEventLog, ProjectionStore) async throws -> Void
) async throws {
    let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
    defer { log.close() }
    try await DemoData.seedIfEmpty(log: log, now: seededAt)
    let projections = try ProjectionStore(path: directory.appendingPathComponent("projections").path, durable: false)
    var settings = ServerSettings(host: "127.0.0.1", port: 0, dataDirectory: directory, secureCookies: secureCookies)
    settings.crossOrigin = crossOrigin
    settings.mail = mail
    settings.firstAdminEmail = firstAdmin
    settings.google = google
    settings.rateLimits = rateLimits
    settings.sandboxWebhooks = sandboxWebhooks
    let app = try await buildApplication(
        settings: settings, log: log, projections: projections,
        sessions: try await SessionSigner(secret: testSecret), codeKey: "test",
        logger: Logger(label: "test"))
    try await app.test(setup) { client in try await body(client, log, projections) }
}

/// The session key of the test servers.
let testSecret = String(repeating: "k", count: 32)

/// Bearer and JSON headers for a customer, signed with the test servers' key.
func customer(_ id: String) async throws -> HTTPFields {
    try await session(Identity(role: .customer, id: id, email: "\(id)@example.com"))
}

/// Bearer and JSON headers for an organizer (by default the demo shows' own).
func organizer(_ id: String = DemoData.organizer.rawValue) async throws -> HTTPFields {
    try await session(Identity(role: .organizer, id: id, email: "\(id)@example.com"))
}

private func session(_ identity: Identity) async throws -> HTTPFields {
    let token = try await SessionSigner(secret: testSecret).issue(for: identity)
    return [.authorization: "Bearer \(token)", .contentType: "application/json"]
}
