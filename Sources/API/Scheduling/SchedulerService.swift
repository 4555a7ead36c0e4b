import EventStore
import Logging
import ServiceLifecycle

/// Runs the log's scheduler beside the server, so due events (hold expiries, show ends) are appended, and stops
/// it on graceful shutdown.
struct SchedulerService: Service {
    let log: LMDBEventLog
    let logger: Logger

    func run() async throws {
        let logger = logger
        try await cancelWhenGracefulShutdown {
            try await LogScheduler(log: log).run { positions in
                logger.debug("appended due events", metadata: ["count": "\(positions.count)"])
            }
        }
    }
}
