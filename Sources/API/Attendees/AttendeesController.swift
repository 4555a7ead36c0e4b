import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import NIOCore
import Projections

/// `/api/organizer/events/:eventId/attendees` (JSON) and `…/attendees.csv`: who comes to the organizer's own show —
/// each confirmed booking with its customer's name, address and phone, what it admits, check-ins, a refund, and for
/// a registration show each participant's answers under the form's field labels. Only the show's organizer reads
/// it; `?after=` waits for the position a command answered.
struct AttendeesController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let attendees: ProjectionRunner<ShowAttendeesProjection>
    let shows: CommandHandler<Show>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/organizer/events/:eventId/attendees") { request, context in
            try await list(request, context)
        }
        router.get("api/organizer/events/:eventId/attendees.csv") { request, context in
            let list = try await list(request, context)
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"attendees-\(list.eventId).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: AttendeesCSV(list).text)))
        }
    }

    private func list(_ request: Request, _ context: some RequestContext) async throws -> AttendeeList {
        let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
        let show = ShowID(try context.parameters.id("eventId"))
        let configuration = try await ShowOwnership(shows: shows).require(organizer, of: show)
        try await ReadYourWrites(log: log).await(request, attendees)
        let found: [ShowAttendeesProjection.Attendee]
        do {
            found = try ShowAttendeesProjection.attendees(of: show, from: store)
        } catch {
            throw APIError.storeUnavailable()
        }
        return AttendeeList(eventId: show.rawValue, title: configuration.details.title,
                            fields: configuration.registration?.fields.map(\.label) ?? [],
                            attendees: found.map(AttendeeList.Attendee.init), position: attendees.position.rawValue)
    }
}

/// The attendees of a show as the API answers them.
struct AttendeeList: ResponseEncodable {
    struct Attendee: Encodable {
        struct Ticket: Encodable {
            var ticketId: String
            var admits: String
        }
        var bookingId: String
        var customerId: String
        var name: String
        var email: String
        var phone: String
        /// `confirmed`, or `refunded` once a refund was asked for.
        var status: String
        var confirmedAt: Int64
        var tickets: [Ticket]
        var checkedIn: Int
        /// Registration shows: one entry per participant, answers keyed by the form's field labels.
        var participants: [[String: String]]

        init(_ attendee: ShowAttendeesProjection.Attendee) {
            bookingId = attendee.booking.rawValue
            customerId = attendee.attendance.customer.rawValue
            name = attendee.contact?.name ?? ""
            email = attendee.contact?.email ?? ""
            phone = attendee.contact?.phone ?? ""
            status = attendee.attendance.refunded ? "refunded" : "confirmed"
            confirmedAt = attendee.attendance.confirmedAt?.rawValue ?? 0
            tickets = attendee.attendance.tickets.map { Ticket(ticketId: $0.id.rawValue, admits: $0.admits) }
            checkedIn = attendee.attendance.checkedIn
            participants = attendee.attendance.participants.map(\.answers)
        }
    }
    var eventId: String
    var title: String
    /// The registration form's field labels, in the form's order (empty for other shows).
    var fields: [String]
    var attendees: [Attendee]
    var position: UInt64
}
