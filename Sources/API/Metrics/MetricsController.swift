import EventStore
import Hummingbird
import NIOCore
import Projections
import Prometheus
import Synchronization

/// `GET /metrics`: the Prometheus text format. Counters are kept as things happen; the log, projection and socket
/// figures are read when scraped, so they cost nothing between scrapes.
struct MetricsController {
    let registry: PrometheusCollectorRegistry
    let log: any EventLog
    let rooms: LiveRooms
    let projections: [any ProjectionProgress]

    func addRoutes(to router: Router<some RequestContext>) {
        let appends = registry.makeGauge(name: "tktplz_log_appends", help: "Append requests committed since start")
        let commits = registry.makeGauge(name: "tktplz_log_commits", help: "Write transactions committed since start")
        let head = registry.makeGauge(name: "tktplz_log_head_position", help: "The log's last position")
        let sockets = registry.makeGauge(name: "tktplz_websocket_open", help: "Open WebSocket connections")
        let dropped = registry.makeGauge(name: "tktplz_websocket_dropped_slow", help: "WebSocket clients dropped for falling behind")
        let lags = projections.map { projection in
            (projection, registry.makeGauge(name: "tktplz_projection_lag", labels: [("projection", projection.projectionName)],
                                                     help: "Log positions a projection is behind the head"))
        }
        router.get("metrics") { _, _ in
            let position = try await log.head()
            let statistics = log.commitStatistics
            appends.set(Int64(statistics.requests))
            commits.set(Int64(statistics.commits))
            head.set(Int64(position.rawValue))
            sockets.set(Int64(rooms.openSockets.load(ordering: .relaxed)))
            dropped.set(Int64(rooms.droppedClients.load(ordering: .relaxed)))
            for (projection, gauge) in lags {
                gauge.set(Int64(position.rawValue - min(projection.position.rawValue, position.rawValue)))
            }
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
    }
}
