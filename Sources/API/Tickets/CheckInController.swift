import App
import Domain
import DomainEvents
import EventStore
import Hummingbird
import Projections

/// `/api/organizer/events/:eventId/check-in`: door staff of the show's organizer scan a ticket. The token's
/// signature is checked first (a forged or altered ticket never reaches the log), then the booking admits the
/// ticket once: its single writer makes two racing scanners admit it once between them.
struct CheckInController {
    let sessions: SessionSigner
    let shows: CommandHandler<Show>
    let bookings: CommandHandler<Booking>
    let signer: TicketSigner
    let log: any EventLog
    let store: ProjectionStore
    let door: ProjectionRunner<ShowBookingsProjection>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/organizer/events/:eventId/check-ins") { request, context in
            let organizer = try await request.identity(sessions, as: .organizer)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(OrganizerID(organizer.id), of: show)
            try await ReadYourWrites(log: log).await(request, door)
            let counts: ShowBookingsProjection.CheckInCounts
            do {
                counts = try ShowBookingsProjection.checkInCounts(of: show, from: store)
            } catch {
                throw APIError.storeUnavailable()
            }
            return CheckInCountsResponse(eventId: show.rawValue, valid: counts.valid, checkedIn: counts.checkedIn, position: door.position.rawValue)
        }
        router.post("api/organizer/events/:eventId/check-in") { request, context in
            let organizer = try await request.identity(sessions, as: .organizer)
            let show = ShowID(try context.parameters.id("eventId"))
            // Whose door it is before what was scanned: a stranger learns nothing from the body's checks.
            try await ShowOwnership(shows: shows).require(OrganizerID(organizer.id), of: show)
            let body = try await request.json(CheckInBody.self)
            let claims: TicketClaims
            do {
                claims = try signer.verify(body.token)
            } catch {
                throw APIError.invalidTicket("field token is not a genuine ticket: its signature does not verify")
            }
            guard claims.show == show else {
                throw APIError.wrongEvent("ticket \(claims.ticket) is for event \(claims.show), not \(show)")
            }
            let now = Instant.now()
            let stream = try Booking.stream(claims.booking)
            let outcome: CommandOutcome<Booking.Event>
            do throws(CommandFailure<Booking.Rejection>) {
                outcome = try await bookings.handle(.checkIn(claims.ticket, show: show, scanner: OrganizerID(organizer.id), now: now), on: stream)
            } catch {
                throw APIError(booking: error, id: claims.booking)
            }
            guard case .appended(_, let at) = outcome else {
                throw APIError.internalFailure("the check-in decided nothing")
            }
            return CheckInResponse(admitted: true, ticketId: claims.ticket.rawValue, bookingId: claims.booking.rawValue, admits: claims.admits,
                                   checkedInAt: now.rawValue, position: at.lastPosition.rawValue)
        }
    }

    /// The door's count: tickets valid for this show, and how many of them were used.
    struct CheckInCountsResponse: ResponseEncodable {
        var eventId: String
        var valid: Int
        var checkedIn: Int
        var position: UInt64
    }

    struct CheckInBody: Decodable {
        var token: String
    }

    struct CheckInResponse: ResponseEncodable {
        var admitted: Bool
        var ticketId: String
        var bookingId: String
        var admits: String
        var checkedInAt: Int64
        var position: UInt64
    }
}
