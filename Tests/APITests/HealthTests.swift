import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Testing

@Suite("API: health")
struct HealthTests {
    @Test func healthAnswersOKWithTheLogHead() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-health-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        let projections = try ProjectionStore(path: directory.appendingPathComponent("projections").path, durable: false)
        let app = try await buildApplication(
            settings: ServerSettings(host: "127.0.0.1", port: 0, dataDirectory: directory), log: log, projections: projections,
            sessions: try await SessionSigner(secret: String(repeating: "k", count: 32)), codeKey: "test",
            logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(Health.self, from: Data(String(buffer: response.body).utf8))
                #expect(body == Health(status: "ok", logHead: 0))
            }
        }
    }
}

private struct Health: Decodable, Equatable {
    var status: String
    var logHead: UInt64
}
