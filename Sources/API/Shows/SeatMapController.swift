import Domain
import EventStore
import Hummingbird
import Projections

/// `GET /api/event/:eventId/seats`: the seat map (and category availability) of a show, from the availability
/// projection. `?after=N` waits until the projection has applied log position N (read-your-writes).
struct SeatMapController {
    let log: any EventLog
    let store: ProjectionStore
    let availability: ProjectionRunner<ShowAvailabilityProjection>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/event/:eventId/seats") { request, context in
            try await seats(request, eventID: try context.parameters.id("eventId"))
        }
    }

    private func seats(_ request: Request, eventID: String) async throws -> SeatMapResponse {
        try await ReadYourWrites(log: log).await(request, availability)
        let view: ShowAvailability?
        do {
            view = try ShowAvailabilityProjection.read(show: eventID, from: store)
        } catch {
            throw APIError.storeUnavailable()
        }
        guard let view, view.status != .draft else { throw APIError.notFound("event \(eventID)") }
        return SeatMapResponse(view, eventID: eventID, position: availability.position)
    }
}

/// What the seat map route returns.
struct SeatMapResponse: ResponseEncodable {
    struct Seat: Encodable {
        var id: String
        var status: String
        var heldUntil: Int64?
    }
    struct Category: Encodable {
        var id: String
        var capacity: Int
        var available: Int
    }
    var eventId: String
    var status: String
    var seats: [Seat]
    var categories: [Category]
    /// The log position this answer reflects.
    var position: UInt64

    init(_ view: ShowAvailability, eventID: String, position: GlobalPosition) {
        eventId = eventID
        status = view.status.rawValue
        // The summary lists the seats in reading order already.
        seats = view.summary.seats.map { id in
            let state = view.state(of: id)
            return Seat(id: id.rawValue, status: state.status.rawValue, heldUntil: state.heldUntil?.rawValue)
        }
        categories = view.categories.sorted { $0.key < $1.key }.map {
            Category(id: $0.key.rawValue, capacity: $0.value.capacity, available: $0.value.free)
        }
        self.position = position.rawValue
    }
}
