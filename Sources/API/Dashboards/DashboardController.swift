import App
import Domain
import DomainEvents
import EventStore
import Hummingbird
import Projections

/// Dashboards from the projections: an organizer's sales, revenue and check-ins per show and in all (their own
/// shows only); the platform's for admins (shows by status, money through the ledger, payouts and open issues).
/// Money comes from the payout ledger, the same sums a show's settlement is checked against.
struct DashboardController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let listings: ProjectionRunner<ShowListingProjection>
    let ledger: ProjectionRunner<PayoutLedgerProjection>
    let showBookings: ProjectionRunner<ShowBookingsProjection>
    let analytics: ProjectionRunner<ShowAnalyticsProjection>
    let shows: CommandHandler<Show>
    let issues: ProjectionRunner<SupportIssuesProjection>
    let payouts: CommandHandler<Payout>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/organizer/dashboard") { request, _ in
            let organizer = try await request.identity(sessions, as: .organizer)
            try await waitForAll(request)
            do {
                let mine = try store.allViews(ShowListingProjection.self).filter { $0.organizer.rawValue == organizer.id }
                let rows = try mine.map { listing in try row(listing) }
                return OrganizerDashboard(totals: try Totals(rows), shows: rows, position: position())
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.storeUnavailable()
            }
        }
        router.get("api/organizer/events/:eventId/analytics") { request, context in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(organizer, of: show)
            let reads = ReadYourWrites(log: log)
            try await reads.await(request, listings)
            try await reads.await(request, analytics)
            do {
                guard let listing = try store.view(ShowListingProjection.self, key: show.rawValue) else { throw APIError.notFound("event \(show)") }
                return ShowAnalyticsResponse(eventId: show.rawValue, capacity: listing.capacity,
                                             analytics: try ShowAnalyticsProjection.analytics(of: show, from: store),
                                             position: min(listings.position, analytics.position).rawValue)
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.storeUnavailable()
            }
        }
        router.get("api/admin/dashboard") { request, _ in
            _ = try await request.identity(sessions, as: .admin)
            try await waitForAll(request)
            try await ReadYourWrites(log: log).await(request, issues)
            do {
                let all = try store.allViews(ShowListingProjection.self)
                let rows = try all.map { listing in try row(listing) }
                let byStatus = Dictionary(grouping: all, by: \.status.rawValue).mapValues(\.count)
                let open = try store.views(SupportIssuesProjection.self, prefix: "").filter { $0.view.resolvedAt == nil }.count
                return AdminDashboard(totals: try Totals(rows), showsByStatus: byStatus, openIssues: open, position: position())
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.storeUnavailable()
            }
        }
        router.get("api/admin/payouts") { request, _ in
            _ = try await request.identity(sessions, as: .admin)
            try await ReadYourWrites(log: log).await(request, ledger)
            var items: [PayoutListItem] = []
            do {
                for listing in try store.allViews(ShowListingProjection.self) {
                    let money = try PayoutLedgerProjection.ledger(of: ShowID(listing.id), from: store).totals
                    guard let figures = money.settled else { continue }
                    let status = try await payouts.state(of: try Payout.stream(ShowID(listing.id))).status
                    items.append(PayoutListItem(eventId: listing.id, title: listing.details.title, organizerId: listing.organizer.rawValue,
                                                status: status.rawValue, figures: figures))
                }
            } catch {
                throw APIError.storeUnavailable()
            }
            return PayoutList(payouts: items, position: ledger.position.rawValue)
        }
    }

    private func waitForAll(_ request: Request) async throws {
        let reads = ReadYourWrites(log: log)
        try await reads.await(request, listings)
        try await reads.await(request, ledger)
        try await reads.await(request, showBookings)
    }

    private func position() -> UInt64 { min(listings.position, ledger.position, showBookings.position).rawValue }

    private func row(_ listing: ShowListing) throws -> ShowRow {
        let show = ShowID(listing.id)
        let money = try PayoutLedgerProjection.ledger(of: show, from: store).totals
        let door = try ShowBookingsProjection.checkInCounts(of: show, from: store)
        return ShowRow(eventId: listing.id, title: listing.details.title, status: listing.status.rawValue, start: listing.schedule.start.rawValue,
                       capacity: listing.capacity, ticketsSold: money.tickets, checkedIn: door.checkedIn, gross: money.gross,
                       refunds: money.refunds, net: money.net, platformFees: try money.platformFees())
    }

    struct ShowRow: Encodable {
        var eventId: String
        var title: String
        var status: String
        var start: Int64
        var capacity: Int
        var ticketsSold: Int
        var checkedIn: Int
        var gross: Money
        var refunds: Money
        var net: Money
        var platformFees: Money
    }

    struct Totals: Encodable {
        var shows: Int
        var ticketsSold: Int
        var checkedIn: Int
        var gross: Money
        var refunds: Money
        var net: Money
        var platformFees: Money

        init(_ rows: [ShowRow]) throws {
            shows = rows.count
            ticketsSold = rows.reduce(0) { $0 + $1.ticketsSold }
            checkedIn = rows.reduce(0) { $0 + $1.checkedIn }
            gross = try rows.reduce(Money.zero()) { try $0.adding($1.gross) }
            refunds = try rows.reduce(Money.zero()) { try $0.adding($1.refunds) }
            net = try rows.reduce(Money.zero()) { try $0.adding($1.net) }
            platformFees = try rows.reduce(Money.zero()) { try $0.adding($1.platformFees) }
        }
    }

    struct OrganizerDashboard: ResponseEncodable {
        var totals: Totals
        var shows: [ShowRow]
        var position: UInt64
    }

    /// A show's analytics with the rates a dashboard shows, as whole percentages rounded down.
    struct ShowAnalyticsResponse: ResponseEncodable {
        var eventId: String
        var capacity: Int
        var ticketsSold: Int
        /// Tickets kept out of capacity.
        var occupancyPercent: Int
        /// Holds that became bookings.
        var conversionPercent: Int
        /// Tickets kept that were used at the door.
        var checkInPercent: Int
        var holds: ShowAnalytics.Holds
        var sections: [String: Sales]
        var days: [String: Sales]
        var checkedIn: Int
        var position: UInt64

        init(eventId: String, capacity: Int, analytics: ShowAnalytics, position: UInt64) {
            func percent(_ part: Int, _ whole: Int) -> Int { whole > 0 ? part * 100 / whole : 0 }
            self.eventId = eventId
            self.capacity = capacity
            ticketsSold = analytics.sections.values.reduce(0) { $0 + $1.tickets }
            occupancyPercent = percent(ticketsSold, capacity)
            conversionPercent = percent(analytics.holds.confirmed, analytics.holds.started)
            checkInPercent = percent(analytics.checkedIn, ticketsSold)
            holds = analytics.holds
            sections = analytics.sections
            days = analytics.days
            checkedIn = analytics.checkedIn
            self.position = position
        }
    }

    struct AdminDashboard: ResponseEncodable {
        var totals: Totals
        var showsByStatus: [String: Int]
        var openIssues: Int
        var position: UInt64
    }

    struct PayoutListItem: Encodable {
        var eventId: String
        var title: String
        var organizerId: String
        var status: String
        var figures: PayoutFigures
    }

    struct PayoutList: ResponseEncodable {
        var payouts: [PayoutListItem]
        var position: UInt64
    }
}
