import Logging
import ServiceLifecycle

/// Runs the live rooms beside the HTTP server until graceful shutdown; a failure is logged and stops the server
/// (a room that silently stopped would show stale seats).
struct LiveRoomsService: Service {
    let rooms: LiveRooms
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await rooms.run(logger: logger) }
        } catch is CancellationError {
            return
        } catch {
            logger.critical("live rooms stopped", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
