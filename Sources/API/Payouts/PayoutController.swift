import App
import Domain
import DomainEvents
import EventStore
import Hummingbird
import Projections

/// `GET /api/organizer/events/:eventId/payout`: an ended show's payout for its organizer — the settlement's figures
/// and where the payout is (pending, receipt sent, initiated, paid) — beside the ledger that ties each amount to
/// the log positions it came from. Before the show ends, the ledger alone (what the payout will be built from).
struct PayoutController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let ledger: ProjectionRunner<PayoutLedgerProjection>
    let shows: CommandHandler<Show>
    let payouts: CommandHandler<Payout>

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/organizer/events/:eventId/payout/confirm") { request, context in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(organizer, of: show)
            return try await PayoutSteps(payouts: payouts).run(.confirmPaid(by: organizer, now: .now()), show: show)
        }
        router.get("api/organizer/events/:eventId/payout") { request, context in
            let organizer = try await request.identity(sessions, as: .organizer)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(OrganizerID(organizer.id), of: show)
            try await ReadYourWrites(log: log).await(request, ledger)
            let payout: Payout.State
            let money: (totals: PayoutLedgerProjection.Totals, entries: [PayoutLedgerProjection.Entry])
            do {
                payout = try await payouts.state(of: try Payout.stream(show))
                money = try PayoutLedgerProjection.ledger(of: show, from: store)
            } catch {
                throw APIError.storeUnavailable()
            }
            return try PayoutResponse(show: show, payout: payout, totals: money.totals, entries: money.entries, position: ledger.position)
        }
    }
}

/// Only the show's own organizer: 404 for a show that does not exist, 403 for somebody else's.
struct ShowOwnership: Sendable {
    let shows: CommandHandler<Show>

    /// The show's configuration, once the show is found to be `organizer`'s.
    @discardableResult
    func require(_ organizer: OrganizerID, of show: ShowID) async throws -> ShowConfiguration {
        guard let stream = try? Show.stream(show) else { throw APIError.notFound("event \(show)") }
        guard let configuration = try await shows.currentState(of: stream).configuration else { throw APIError.notFound("event \(show)") }
        guard configuration.organizer == organizer else {
            throw APIError.notYourEvent("event \(show) belongs to another organizer")
        }
        return configuration
    }
}

struct PayoutResponse: ResponseEncodable {
    struct Ledger: Encodable {
        var gross: Money
        var refunds: Money
        var net: Money
        var platformFees: Money
        var tickets: Int
        var entries: [PayoutLedgerProjection.Entry]
    }
    var eventId: String
    /// `none` before the show ends; then `pending`, `receiptSent`, `initiated`, `paid`.
    var status: String
    var figures: PayoutFigures?
    var settledAt: UInt64?
    var method: PayoutMethod?
    var reference: String?
    var ledger: Ledger
    var position: UInt64

    init(show: ShowID, payout: Payout.State, totals: PayoutLedgerProjection.Totals, entries: [PayoutLedgerProjection.Entry], position: GlobalPosition) throws {
        eventId = show.rawValue
        status = payout.status.rawValue
        figures = payout.figures
        settledAt = totals.settledAt?.rawValue
        method = payout.method
        reference = payout.reference
        ledger = Ledger(gross: totals.gross, refunds: totals.refunds, net: totals.net, platformFees: try totals.platformFees(),
                        tickets: totals.tickets, entries: entries)
        self.position = position.rawValue
    }
}
