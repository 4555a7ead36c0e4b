import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import NIOCore
import Projections

/// `/api/organizer/events`: an organizer's own shows — listed with their door counts, drafted (a seated show
/// takes its seats from the screen's layout and reserves the screen's slot under the clash rule), submitted for
/// approval, cancelled with every booking refunded. The organizer is always the session's, never the body's.
struct OrganizerShowsController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let listings: ProjectionRunner<ShowListingProjection>
    let showBookings: ProjectionRunner<ShowBookingsProjection>
    let shows: CommandHandler<Show>
    let screens: CommandHandler<Screen>
    let cancellation: ShowCancellation
    let posters: ImageStore

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/organizer/events") { request, _ in
            let organizer = try await request.identity(sessions, as: .organizer)
            let reads = ReadYourWrites(log: log)
            try await reads.await(request, listings)
            try await reads.await(request, showBookings)
            do {
                let mine = try store.allViews(ShowListingProjection.self).filter { $0.organizer.rawValue == organizer.id }
                    .sorted { $0.schedule.start < $1.schedule.start }
                let items = try mine.map { listing in
                    let door = try ShowBookingsProjection.checkInCounts(of: ShowID(listing.id), from: store)
                    return OrganizerShow(eventId: listing.id, title: listing.details.title, kind: listing.kind.rawValue, status: listing.status.rawValue,
                                         start: listing.schedule.start.rawValue, end: listing.schedule.end.rawValue, capacity: listing.capacity,
                                         ticketsValid: door.valid, checkedIn: door.checkedIn)
                }
                return OrganizerShowsResponse(events: items, position: min(listings.position, showBookings.position).rawValue)
            } catch {
                throw APIError.storeUnavailable()
            }
        }
        router.post("api/organizer/events") { request, _ -> EditResponse in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let body = try await request.json(ShowDraftBody.self)
            let show = ShowID("show-\(UUID.random().lowercasedText)")
            let layout = try await layout(hall: body.hallId, screen: body.screenId)
            let configuration = try body.configuration(organizer: organizer, layout: layout)
            guard configuration.schedule.start > Instant.now() else {
                throw APIError.invalidBodyUnprocessableContent("field start is in the past: a new event starts in the future")
            }
            let position = try await ShowDrafting(shows: shows, screens: screens).draft(configuration, as: show)
            return EditResponse(eventId: show.rawValue, status: ShowStatus.draft.rawValue, position: position?.rawValue)
        }
        router.post("api/organizer/events/:eventId/submit") { request, context -> EditResponse in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(organizer, of: show)
            let position = try await run(.submit(by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: ShowStatus.submitted.rawValue, position: position)
        }
        router.put("api/organizer/events/:eventId/details") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            let body = try await request.json(DetailsBody.self)
            var details = try await configuration(of: show).details
            details.title = body.title
            details.description = body.description ?? details.description
            details.subType = body.subType ?? details.subType
            details.city = body.city ?? details.city
            details.venue = body.venue ?? details.venue
            guard !details.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.invalidBody("field title cannot be empty")
            }
            let position = try await run(.editDetails(details, by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
        }
        router.put("api/organizer/events/:eventId/schedule") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            let body = try await request.json(ScheduleBody.self)
            guard body.end > body.start else { throw APIError.invalidBody("field end must be after field start") }
            let schedule = ShowSchedule(start: Instant(millisecondsSince1970: body.start), end: Instant(millisecondsSince1970: body.end))
            guard schedule.start > Instant.now() else {
                throw APIError.invalidBodyUnprocessableContent("field start is in the past: an event is moved to a time to come")
            }
            let before = try await configuration(of: show)
            // The screen moves the slot first (the clash rule excludes the show's own slot); if the show then
            // refuses the new time, the old slot is taken back. The show's end timer follows by itself.
            if let screen = before.details.screen { try await reserve(screen, for: show, schedule) }
            do {
                let position = try await run(.reschedule(schedule, by: organizer), on: show)
                return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
            } catch {
                if let screen = before.details.screen { try await reserve(screen, for: show, before.schedule) }
                throw error
            }
        }
        router.put("api/organizer/events/:eventId/refund-policy") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            let body = try await request.json(ShowDraftBody.Policy.self)
            let policy = RefundPolicy(refundable: body.refundable, deadlineMinutesBeforeStart: body.deadlineMinutesBeforeStart, feesRefunded: body.feesRefunded)
            let position = try await run(.changeRefundPolicy(policy, by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
        }
        router.put("api/organizer/events/:eventId/cutoff") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            let cutoff = try await request.json(ShowDraftBody.Cutoff.self).decided(field: "cutoff")
            let position = try await run(.changeCutoff(cutoff, by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
        }
        router.put("api/organizer/events/:eventId/lone-seats") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            let rule = try await request.json(LoneSeatsBody.self).loneSeats
            let position = try await run(.setLoneSeatRule(rule, by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
        }
        router.put("api/organizer/events/:eventId/prices") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            let body = try await request.json(PricesBody.self)
            // A seated show keeps its seats and changes what each seat type costs; other kinds restate their
            // categories. The show refuses a change that would strand a held or sold ticket.
            let inventory: Inventory = switch try await configuration(of: show).inventory {
            case .seated(let seated): try ShowDraftBody.seated(seated.seats, prices: body.seatPrices)
            case .categories: try ShowDraftBody.categories(body.categories)
            }
            let position = try await run(.changeInventory(inventory, by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
        }
        router.post("api/organizer/events/:eventId/poster") { request, context -> EditResponse in
            let (organizer, show) = try await ownShow(request, context)
            guard let boundary = MultipartForm.boundary(of: request.headers[.contentType]) else { throw APIError.invalidBodyUnsupportedMediaType("send the poster as multipart/form-data with a field named poster") }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: ImageStore.posterBytes + 64 << 10)
            } catch {
                throw APIError.imageTooLarge("the poster is larger than \(ImageStore.posterBytes >> 20) MiB")
            }
            let fields = try? MultipartForm.fields(of: body, boundary: boundary)
            guard let poster = fields?["poster"] else {
                throw APIError.invalidBody("field poster is missing from the form")
            }
            let name = try await posters.store(poster, limit: ImageStore.posterBytes)
            var details = try await configuration(of: show).details
            details.poster = name
            let position = try await run(.editDetails(details, by: organizer), on: show)
            return EditResponse(eventId: show.rawValue, status: try await status(of: show), position: position)
        }
        router.post("api/organizer/events/:eventId/cancel") { request, context -> CancelResponse in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = ShowID(try context.parameters.id("eventId"))
            try await ShowOwnership(shows: shows).require(organizer, of: show)
            let body = try await request.json(CancelBody.self)
            guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.invalidBody("field reason must say why the event is cancelled")
            }
            let outcome = try await cancellation.cancel(show, by: organizer, reason: body.reason, now: .now())
            return CancelResponse(eventId: show.rawValue, status: ShowStatus.cancelled.rawValue, refunded: outcome.refunded.map(\.rawValue),
                                  position: outcome.position.rawValue)
        }
    }

    /// The organizer of the session and the show named in the path, which must be theirs.
    private func ownShow(_ request: Request, _ context: some RequestContext) async throws -> (OrganizerID, ShowID) {
        let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
        let show = ShowID(try context.parameters.id("eventId"))
        try await ShowOwnership(shows: shows).require(organizer, of: show)
        return (organizer, show)
    }

    private func configuration(of show: ShowID) async throws -> ShowConfiguration {
        guard let configuration = try await shows.currentState(of: try Show.stream(show)).configuration else {
            throw APIError.notFound("event \(show)")
        }
        return configuration
    }

    private func status(of show: ShowID) async throws -> String {
        try await shows.currentState(of: try Show.stream(show)).status.rawValue
    }

    private func layout(hall: String?, screen: String?) async throws -> SeatLayout? {
        guard hall != nil, let screen, let stream = try? Screen.stream(ScreenID(screen)) else { return nil }
        let state: Screen.State
        do {
            state = try await screens.state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
        guard state.hall != nil, state.hall?.rawValue == hall else { throw APIError.notFound("screen \(screen) of hall \(hall ?? "")") }
        return state.layout
    }

    /// Holds the screen for the show's time; a clash names the show already there and when.
    private func reserve(_ screen: ScreenRef, for show: ShowID, _ schedule: ShowSchedule) async throws {
        let stream = try Screen.stream(screen.screen)
        do {
            _ = try await screens.handle(.reserveSlot(show: show, schedule: schedule), on: stream)
        } catch {
            throw AppFailure(error)
        }
    }

    private func run(_ command: Show.Command, on show: ShowID) async throws -> UInt64? {
        let stream = try Show.stream(show)
        do {
            return try await shows.handle(command, on: stream).lastPosition?.rawValue
        } catch {
            throw APIError(command: error, show: show)
        }
    }

    struct ScheduleBody: Decodable {
        var start: Int64
        var end: Int64
    }

    struct DetailsBody: Decodable {
        var title: String
        var description: String?
        var subType: String?
        var city: String?
        var venue: String?
    }

    /// Whether customers' own choices of seats may leave a lone seat (`allowed`, the default, or `refused`).
    struct LoneSeatsBody: Decodable {
        var loneSeats: LoneSeatRule
    }

    struct PricesBody: Decodable {
        var seatPrices: [String: Int64]?
        var categories: [ShowDraftBody.Category]?
    }

    struct CancelBody: Decodable {
        var reason: String
    }

    struct OrganizerShow: Encodable {
        var eventId: String
        var title: String
        var kind: String
        var status: String
        var start: Int64
        var end: Int64
        var capacity: Int
        var ticketsValid: Int
        var checkedIn: Int
    }

    struct OrganizerShowsResponse: ResponseEncodable {
        var events: [OrganizerShow]
        var position: UInt64
    }

    struct EditResponse: ResponseEncodable {
        var eventId: String
        var status: String
        var position: UInt64?
    }

    struct CancelResponse: ResponseEncodable {
        var eventId: String
        var status: String
        var refunded: [String]
        var position: UInt64
    }
}
