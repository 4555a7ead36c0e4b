import API
import ArgumentParser
import EventStore
import Foundation
import Hummingbird
import Logging

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
        logger.notice("try: curl http://\(settings.host):\(settings.port)/health")
        let app = buildApplication(settings: settings, log: log, logger: logger)
        try await app.runService()
        log.close()
        let final = try await log.head()
        logger.info("log closed", metadata: ["head": "\(final.rawValue)"])
    }
}
