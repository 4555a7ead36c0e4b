public import EventStore
public import Logging
public import ServiceLifecycle

/// Runs the log's scheduler beside the server, so due events (hold expiries, show ends) are appended, and stops
/// it as soon as shutdown begins: no timer fires while the server drains its connections.
public struct SchedulerService: Service {
    public let log: any EventLog
    public let shutdown: ShutdownNotice
    public let logger: Logger

    public func run() async throws {
        let (log, logger) = (log, logger)
        try await cancelWhenGracefulShutdown {
            try await shutdown.cancelling {
                try await LogScheduler(log: log).run { positions in
                    logger.debug("appended due events", metadata: ["count": "\(positions.count)"])
                }
            }
        }
        // Stopped early at the notice, it still ends only in its turn: a service ending sooner fails the group.
        try await gracefulShutdown()
    }

    public init(log: any EventLog, shutdown: ShutdownNotice, logger: Logger) {
        self.log = log
        self.shutdown = shutdown
        self.logger = logger
    }
}
