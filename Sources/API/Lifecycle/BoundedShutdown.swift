public import App
public import Hummingbird
public import Logging
import ServiceLifecycle
import UnixSignals

/// How long SIGTERM may take: graceful (in-flight requests and commands finish, sockets get their close frame and
/// 2 s to answer it), then cancellation of whatever still runs. The two add up to 8 s, not the 10 s we promise:
/// under load the cancelled tasks took 2.3 s to end (a CI run measured 10.36 s with graceful at 8 s), so the
/// margin is there on purpose.
public enum ShutdownBounds {
    public static let graceful = Duration.seconds(6)
    public static let cancellation = Duration.seconds(2)
    /// How long a WebSocket client has to answer the server's close frame before its connection is cut.
    public static let webSocketClose = Duration.seconds(2)
}

/// Runs `app` until SIGTERM or SIGINT, then shuts it down within `ShutdownBounds`: `notice` is given first, so the
/// scheduler fires no timer once shutdown has begun, then the server drains, then the services stop.
public func runUntilStopped(_ app: some ApplicationProtocol, notice: ShutdownNotice, logger: Logger) async throws {
    var configuration = ServiceGroupConfiguration(
        services: [.init(service: app), .init(service: ShutdownBegins(notice: notice))],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    configuration.maximumGracefulShutdownDuration = ShutdownBounds.graceful
    configuration.maximumCancellationDuration = ShutdownBounds.cancellation
    do {
        try await ServiceGroup(configuration: configuration).run()
    } catch is CancellationError where notice.hasBegun {
        // The graceful bound passed with work still open (a request whose body never came, say): it was cancelled,
        // every task has ended, and the process stops as it would have.
        logger.warning("shutdown took longer than \(ShutdownBounds.graceful): what was still open was cancelled")
    }
}

/// Last in the group, so the first to hear of graceful shutdown: it tells the notice and ends.
private struct ShutdownBegins: Service {
    let notice: ShutdownNotice

    func run() async throws {
        try await gracefulShutdown()
        notice.begin()
    }
}
