import API
import ArgumentParser
import Domain
import EventStore
import Foundation
import Hummingbird
import Logging
import Projections

/// Starts the service: the HTTP API on `--host`:`--port` and the scheduler that appends due events. SIGINT or
/// SIGTERM shut it down gracefully (in-flight requests finish), and then the log closes cleanly.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the TktPlz service.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Address to listen on (env HOST).") var host: String?
    @Option(help: "Port to listen on (env PORT).") var port: Int?

    func run() async throws {
        let settings = ServerSettings.resolve(host: host, port: port, dataDirectory: data.path)
        var logger = Logger(label: "tktplz")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let log = try data.openLog()
        let head = try await log.head()
        logger.info("log open", metadata: ["path": "\(log.path)", "records": "\(head.rawValue)"])
        if try await DemoData.seedIfEmpty(log: log, now: .now()) {
            logger.notice("seeded demo data: a hall, a 10×10 screen, and shows \(DemoData.shows.values.map(\.rawValue).sorted())")
        }
        let projections = try ProjectionStore(path: settings.projectionsDirectory.path)
        let base = "http://\(settings.host):\(settings.port)"
        logger.notice("try: curl \(base)/health ; curl \(base)/api/event/demo-seated/seats")
        let secret = Secrets.jwtSecret(logger: logger)
        let sessions = try await SessionSigner(secret: secret)
        let app = try buildApplication(
            settings: settings, log: log, projections: projections, sessions: sessions, codeKey: secret, logger: logger)
        try await app.runService()
        log.close()
        let final = try await log.head()
        logger.info("log closed", metadata: ["head": "\(final.rawValue)"])
    }
}
