import API
import App
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import PostgresLog
import Projections

/// The server the HTTP and WebSocket benchmarks load: a fresh data directory (unless one is given) seeded with
/// the demo data, the whole composition root on a fixed port, in this process.
final class BenchServer: Sendable {
    let directory: URL
    let log: any EventLog
    let sessions: SessionSigner
    let port: Int
    private let keepDirectory: Bool
    private let closeLog: @Sendable () -> Void
    /// Images and keys: the data directory's, or the shared log's.
    private let storage: any SharedStorage
    static let secret = String(repeating: "b", count: 32)

    /// Over the embedded log in its data directory, or over the PostgreSQL log at `logURL` (in `schema`), which
    /// several bench servers (nodes) may share.
    init(port: Int, dataDir: String?, durable: Bool, logURL: String? = nil, schema: String = "bench") async throws {
        directory = URL(fileURLWithPath: dataDir ?? NSTemporaryDirectory() + "tktplz-bench-\(UUID().uuidString)")
        keepDirectory = dataDir != nil
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let logURL {
            let shared = try await PostgresEventLog.open(.init(url: logURL, schema: schema, maximumConnections: 16))
            (log, closeLog, storage) = (shared, { shared.close() }, shared.storage)
        } else {
            let embedded = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: durable))
            (log, closeLog, storage) = (embedded, { embedded.close() }, DirectoryStorage(directory: directory))
        }
        try await DemoData.seedIfEmpty(log: log, now: .now())
        sessions = try await SessionSigner(secret: Self.secret)
        self.port = port
    }

    /// Serves until the returned task is cancelled.
    func start(durable: Bool) async throws -> Task<Void, any Error> {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        var settings = ServerSettings(host: "127.0.0.1", port: port, dataDirectory: directory, development: true)
        // The load comes from one address: the limits would measure themselves.
        settings.rateLimits = .off
        let projections = try ProjectionStore(path: settings.projectionsDirectory.path, durable: durable)
        let server = try await Server(settings: settings, log: log, projections: projections, sessions: sessions, codeKey: Self.secret, logger: logger,
                                      storage: storage)
        let app = Application(
            router: server.router, server: .http1WebSocketUpgrade(webSocketRouter: server.webSockets),
            configuration: .init(address: .hostname(settings.host, port: port), serverName: "tktplz-bench"), services: server.services,
            logger: logger)
        return Task { try await app.runService() }
    }

    /// Closes the log and removes a temporary directory.
    func finish() {
        closeLog()
        if !keepDirectory { try? FileManager.default.removeItem(at: directory) }
    }
}
