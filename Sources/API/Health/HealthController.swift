import EventStore
import Hummingbird

/// `GET /health`: whether the service is up, and how far its log has come.
struct HealthController {
    let log: any EventLog

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("health") { _, _ in try await health() }
    }

    private func health() async throws -> HealthResponse {
        HealthResponse(status: "ok", logHead: try await log.head().rawValue)
    }

    struct HealthResponse: ResponseEncodable {
        var status: String
        var logHead: UInt64
    }
}
