import EventStore
import Logging
import Projections
import ServiceLifecycle

/// Runs one projection beside the server: catches up, then follows the log until graceful shutdown. A failing
/// projection stops loudly (it logs and rethrows, which stops the service group) rather than skipping records.
struct ProjectionService: Service {
    let runner: RunningProjection
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await runner.run() }
        } catch is CancellationError {
            return
        } catch {
            logger.critical("projection stopped", metadata: ["projection": "\(runner.projectionName)", "error": "\(error)"])
            throw error
        }
    }
}
