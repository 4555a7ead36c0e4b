import App
import Domain
import EventStore
import Foundation
import Hummingbird

/// On-sale queues: the organizer puts a show's sale behind one (`PUT /api/organizer/events/:eventId/queue`);
/// customers join (`POST /api/queue/:eventId`) and read where they stand (`GET`), and once admitted get the pass
/// their holds carry (`"pass"` in `POST /api/booking/hold`).
struct QueueController {
    let sessions: SessionSigner
    let shows: CommandHandler<Show>
    let queues: SaleQueues
    /// Admissions a minute when the organizer names none: what the hold path can take (`HOLDS_PER_SECOND`).
    let defaultAdmitPerMinute: Int

    func addRoutes(to router: Router<some RequestContext>) {
        router.put("api/organizer/events/:eventId/queue") { request, context -> Configured in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = try ShowID(field: "eventId", try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(organizer, of: show)
            let body = try await request.json(ConfigureBody.self)
            let now = Instant.now()
            guard body.opensAt > now.rawValue else { throw APIError.invalidBody("field opensAt must be in the future (milliseconds since 1970)") }
            let rate = min(body.admitPerMinute ?? defaultAdmitPerMinute, defaultAdmitPerMinute)
            let position = try await queues.configure(show, by: organizer, opensAt: Instant(millisecondsSince1970: body.opensAt),
                                                      admitPerMinute: rate, passMinutes: body.passMinutes ?? 10, now: now)
            return Configured(eventId: show.rawValue, opensAt: body.opensAt, admitPerMinute: rate, passMinutes: body.passMinutes ?? 10,
                              position: position?.rawValue)
        }
        router.post("api/queue/:eventId") { request, context -> Standing in
            let customer = CustomerID(try await request.identity(sessions, as: .customer).id)
            let show = try ShowID(field: "eventId", try context.parameters.id("eventId"))
            return Standing(show, try await queues.arrive(show, customer: customer, now: .now()))
        }
        router.get("api/queue/:eventId") { request, context -> Standing in
            let customer = CustomerID(try await request.identity(sessions, as: .customer).id)
            let show = try ShowID(field: "eventId", try context.parameters.id("eventId"))
            return Standing(show, try await queues.standing(show, customer: customer, now: .now()))
        }
    }

    /// `opensAt` in milliseconds since 1970; `admitPerMinute` at most what the hold path can take (lower is kept,
    /// higher is lowered to it); `passMinutes` 1 to 60 (10 unless said).
    struct ConfigureBody: Decodable {
        var opensAt: Int64
        var admitPerMinute: Int?
        var passMinutes: Int?
    }

    struct Configured: ResponseEncodable {
        var eventId: String
        var opensAt: Int64
        var admitPerMinute: Int
        var passMinutes: Int
        var position: UInt64?
    }

    /// Where the caller stands: `none` (not in the queue), `before_opening` (the order is drawn at `opensAt`),
    /// `waiting` (`ahead` of them, about `estimateSeconds`), `admitted` (hold with `pass` until `passExpiresAt`), or
    /// `pass_expired`.
    struct Standing: ResponseEncodable {
        var eventId: String
        var status: String
        var opensAt: Int64
        /// The place in the drawn order (1 is first): less `admitted` from the queue's room, how many are ahead.
        var place: Int?
        var ahead: Int?
        var estimateSeconds: Int?
        var pass: String?
        var passExpiresAt: Int64?

        init(_ show: ShowID, _ standing: SaleQueues.Standing) {
            eventId = show.rawValue
            status = standing.status.rawValue
            opensAt = standing.opensAt.rawValue
            place = standing.place
            ahead = standing.ahead
            estimateSeconds = standing.estimate.map { Int($0.components.seconds) }
            pass = standing.pass
            passExpiresAt = standing.passExpiresAt?.rawValue
        }
    }
}
