import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Projections

/// `GET /api/event`: list and search public shows; `GET /api/event/:eventId`: one show's details and prices.
///
/// Listings come from the listings projection joined with availability; details come from the show's own state,
/// the same state a hold is priced from, so the prices shown are the prices charged.
struct ShowsController {
    let log: any EventLog
    let store: ProjectionStore
    let listings: ProjectionRunner<ShowListingProjection>
    let shows: CommandHandler<Show>
    let screens: CommandHandler<Screen>
    let customers: CommandHandler<Customer>
    let sessions: SessionSigner

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/event") { request, _ in
            try await search(request)
        }
        router.get("api/event/:eventId") { request, context in
            var response = try await details(try context.parameters.id("eventId"))
            try await ReadYourWrites(log: log).await(request, listings)
            do {
                response.likes = try store.view(ShowListingProjection.self, key: response.eventId)?.likes ?? 0
            } catch {
                throw APIError.storeUnavailable()
            }
            response.likedByMe = try await likedByMe(response.eventId, request)
            return response
        }
    }

    private func search(_ request: Request) async throws -> ShowListResponse {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let search = try ShowSearch(query: query)
        try await ReadYourWrites(log: log).await(request, listings)
        let found: (page: [ShowListing], total: Int)
        let availability: [ShowAvailability?]
        do {
            found = search.results(in: try store.allViews(ShowListingProjection.self), now: .now())
            availability = try found.page.map { listing throws(EventStoreError) in try ShowAvailabilityProjection.read(show: listing.id, from: store) }
        } catch {
            throw APIError.storeUnavailable()
        }
        return ShowListResponse(
            events: zip(found.page, availability).map { ShowListResponse.Item($0, available: $1?.available) },
            page: search.page, limit: search.limit, total: found.total, position: listings.position.rawValue)
    }

    /// Whether the signed-in customer likes the show; `nil` for anyone else (anonymous, organizers, admins, and a
    /// session that ended or expired: the show's page is public, and a stale cookie must not break it).
    private func likedByMe(_ show: String, _ request: Request) async throws -> Bool? {
        guard SessionCookie.token(of: request) != nil, let identity = try? await request.identity(sessions), identity.role == .customer else {
            return nil
        }
        do {
            return try await customers.state(of: try Customer.stream(CustomerID(identity.id))).likes.contains(ShowID(show))
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    private func details(_ id: String) async throws -> ShowDetailsResponse {
        guard let stream = try? Show.stream(ShowID(id)) else { throw APIError.notFound("event \(id)") }
        let state: Show.State
        do {
            state = try await shows.state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
        guard let configuration = state.configuration, state.status.isPublic else { throw APIError.notFound("event \(id)") }
        var response = ShowDetailsResponse(id: id, status: state.status, configuration: configuration)
        if case .seated(let seated) = configuration.inventory {
            response.plan = try await plan(configuration.details.screen, seats: seated.seats)
        }
        return response
    }

    /// The screen's layout when the show has one, else rows made from the seat names.
    private func plan(_ screen: ScreenRef?, seats: [SeatID: String]) async throws -> SeatingPlan {
        guard let screen, let stream = try? Screen.stream(screen.screen) else {
            return SeatingPlan(seats: seats)
        }
        do {
            guard let layout = try await screens.state(of: stream).layout else { return SeatingPlan(seats: seats) }
            return SeatingPlan(layout: layout)
        } catch {
            throw APIError.storeUnavailable()
        }
    }
}

extension ShowStatus {
    /// Shows the public may see: approved ones, and those that were (cancelled or ended stay visible to buyers).
    var isPublic: Bool {
        switch self {
        case .approved, .cancelled, .ended: true
        case .none, .draft, .submitted, .rejected: false
        }
    }
}

extension ShowAvailability {
    /// Tickets still free: seats, or units of every category.
    var available: Int {
        summary.seats.isEmpty ? categories.values.reduce(0) { $0 + $1.free } : summary.seats.count { state(of: $0) == .free }
    }
}

/// What the listing route returns.
struct ShowListResponse: ResponseEncodable {
    struct Item: Encodable {
        var eventId: String
        var kind: String
        var title: String
        var description: String
        var subType: String
        var city: String
        var venue: String
        var start: Int64
        var end: Int64
        var priceFrom: Money?
        var priceTo: Money?
        var capacity: Int
        var available: Int?

        init(_ listing: ShowListing, available: Int?) {
            eventId = listing.id
            kind = listing.kind.rawValue
            title = listing.details.title
            description = listing.details.description
            subType = listing.details.subType
            city = listing.details.city
            venue = listing.details.venue
            start = listing.schedule.start.rawValue
            end = listing.schedule.end.rawValue
            priceFrom = listing.priceFrom
            priceTo = listing.priceTo
            capacity = listing.capacity
            self.available = available
        }
    }
    var events: [Item]
    var page: Int
    var limit: Int
    var total: Int
    /// The log position the listings reflect.
    var position: UInt64
}
