import API
import ArgumentParser
import EventStore
import Foundation

/// Starts the service. For now it opens the log, runs the scheduler that appends due events, and waits for
/// SIGINT or SIGTERM; the HTTP API arrives with the booking issue.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the TktPlz service.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Address to listen on (env HOST).") var host: String?
    @Option(help: "Port to listen on (env PORT).") var port: Int?

    func run() async throws {
        let settings = ServerSettings.resolve(host: host, port: port, dataDirectory: data.path)
        let log = try data.openLog()
        let head = try await log.head()
        print("TktPlz log open at \(log.path): \(head.rawValue) records.")
        print("The HTTP API (\(settings.host):\(settings.port)) is not built yet; the scheduler is running. Ctrl-C stops.")
        let scheduler = Task { try await LogScheduler(log: log).run() }
        await ShutdownSignal.wait()
        scheduler.cancel()
        _ = await scheduler.result
        log.close()
        print("Log closed cleanly at position \(try await log.head().rawValue).")
    }
}
