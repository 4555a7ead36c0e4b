import App
import Domain
import DomainEvents
import EventStore
import Hummingbird

/// `/api/waitlist`: a customer joins a sold-out show's waiting list, reads their place, or leaves; the show's
/// organizer reads the list (numbers and wishes, never who). Offers are made by `WaitlistReactor` as holds in the
/// customer's name, which their bookings list shows like any other hold.
struct WaitlistController {
    let sessions: SessionSigner
    let holds: HoldProcess
    let lists: CommandHandler<WaitingList>

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/waitlist") { request, _ -> Place in
            let customer = CustomerID(try await request.identity(sessions, as: .customer).id)
            let body = try await request.json(JoinBody.self)
            let show = try ShowID(field: "eventId", body.eventId)
            let state = try await onSale(show)
            let wish = try body.wish(for: state)
            guard let free = state.free(for: wish) else {
                throw APIError.invalidBody(wish.isSeats ? "field seatType: event \(show) has no seats of type \(body.seatType ?? "")"
                                                        : "field category: event \(show) has no category \(body.category ?? "")")
            }
            if free >= wish.count {
                throw APIError(.conflict, code: "seats_available",
                               "\(free) of what you asked for \(free == 1 ? "is" : "are") free on event \(show): hold \(free == 1 ? "it" : "them") instead of waiting")
            }
            let stream = try WaitingList.stream(show)
            let position = try await run(.join(customer: customer, wish: wish, now: .now()), on: stream, show: show)
            return try await place(of: customer, on: show, position: position)
        }
        router.get("api/waitlist/:eventId") { request, context -> Place in
            let customer = CustomerID(try await request.identity(sessions, as: .customer).id)
            return try await place(of: customer, on: try ShowID(field: "eventId", try context.parameters.id("eventId")), position: nil)
        }
        router.delete("api/waitlist/:eventId") { request, context -> Left in
            let customer = CustomerID(try await request.identity(sessions, as: .customer).id)
            let show = try ShowID(field: "eventId", try context.parameters.id("eventId"))
            // Leaving a list one is not on (or no longer on: an offer bought or lapsed) is done already.
            guard try await listState(show).entry(of: customer) != nil else { return Left(eventId: show.rawValue, left: false, position: nil) }
            let position = try await run(.leave(customer: customer, now: .now()), on: try WaitingList.stream(show), show: show)
            return Left(eventId: show.rawValue, left: true, position: position)
        }
        router.get("api/organizer/events/:eventId/waitlist") { request, context -> Overview in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let show = try ShowID(field: "eventId", try context.parameters.id("eventId"))
            let state = try await showState(show)
            guard state.status != .none else { throw APIError.notFound("event \(show)") }
            guard state.configuration?.organizer == organizer else { throw APIError.notYourEvent("event \(show) belongs to another organizer") }
            let list = try await listState(show)
            return Overview(eventId: show.rawValue, waiting: list.waitingCount, offered: list.entries.count - list.waitingCount,
                            entries: list.entries.map(Overview.Entry.init))
        }
    }

    /// The show, which must be on sale and sell seats or tickets (a registration's places are not offered).
    private func onSale(_ show: ShowID) async throws -> Show.State {
        let state = try await showState(show)
        guard state.status != .none else { throw APIError.notFound("event \(show)") }
        guard state.status == .approved else { throw AppFailure.show(.notOnSale(state.status), show) }
        guard state.configuration?.registration == nil else {
            throw APIError(.unprocessableContent, code: "no_waiting_list", "event \(show) is a registration: its places have no waiting list")
        }
        return state
    }

    private func showState(_ show: ShowID) async throws -> Show.State { try await holds.showState(show) }

    private func listState(_ show: ShowID) async throws -> WaitingList.State {
        do {
            return try await lists.state(of: try WaitingList.stream(show))
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    /// The caller's entry, or `status: "none"` when they are not on the list (never, or no longer).
    private func place(of customer: CustomerID, on show: ShowID, position: UInt64?) async throws -> Place {
        let list = try await listState(show)
        return Place(show: show, entry: list.entry(of: customer), place: list.place(of: customer), waiting: list.waitingCount, position: position)
    }

    private func run(_ command: WaitingList.Command, on stream: StreamName, show: ShowID) async throws -> UInt64? {
        do {
            return try await lists.handle(command, on: stream).lastPosition?.rawValue
        } catch {
            throw APIError(error) { APIError(waitingList: $0, show: show) }
        }
    }

    /// `count` seats (of `seatType`, if given) of a seated show, or `count` tickets of `category` (which may be left
    /// out when the show has one category).
    struct JoinBody: Decodable {
        var eventId: String
        var count: Int
        var seatType: String?
        var category: String?

        func wish(for state: Show.State) throws -> WaitlistWish {
            guard (1...WaitingList.largestWish).contains(count) else {
                throw APIError.invalidBody("field count must be 1 to \(WaitingList.largestWish)")
            }
            switch state.configuration?.inventory {
            case .seated?:
                guard category == nil else { throw APIError.invalidBody("field category: a seated event is waited for by seatType, or any seat") }
                if let seatType, seatType.isEmpty { throw APIError.invalidBody("field seatType is empty; leave it out for any seat") }
                return .seats(count: count, seatType: seatType)
            case .categories(let categories)?:
                guard seatType == nil else { throw APIError.invalidBody("field seatType: this event sells tickets by category, not seats") }
                if let category { return .tickets(count: count, category: try CategoryID(field: "category", category)) }
                guard categories.count == 1, let only = categories.first else {
                    throw APIError.invalidBody("field category is required: one of \(categories.map(\.id.rawValue).joined(separator: ", "))")
                }
                return .tickets(count: count, category: only.id)
            case nil:
                throw APIError.notFound("event \(eventId)")
            }
        }
    }

    /// The caller's entry: waiting (with their place, 1 being next), offered (the booking holding the offer), or
    /// none.
    struct Place: ResponseEncodable {
        var eventId: String
        var status: String
        var place: Int?
        var count: Int?
        var seatType: String?
        var category: String?
        var bookingId: String?
        /// How many are waiting for an offer on this show.
        var waiting: Int
        var position: UInt64?

        init(show: ShowID, entry: WaitlistEntry?, place: Int?, waiting: Int, position: UInt64?) {
            eventId = show.rawValue
            status = entry.map { $0.offer == nil ? "waiting" : "offered" } ?? "none"
            self.place = place
            count = entry?.wish.count
            (seatType, category) = entry?.wish.named ?? (nil, nil)
            bookingId = entry?.offer?.rawValue
            self.waiting = waiting
            self.position = position
        }
    }

    struct Left: ResponseEncodable {
        var eventId: String
        var left: Bool
        var position: UInt64?
    }

    struct Overview: ResponseEncodable {
        var eventId: String
        var waiting: Int
        var offered: Int
        var entries: [Entry]

        /// One entry as the organizer sees it: its number in line and its wish, not who.
        struct Entry: Encodable {
            var number: Int
            var count: Int
            var seatType: String?
            var category: String?
            var status: String
            var joinedAt: Int64

            init(_ entry: WaitlistEntry) {
                number = entry.number
                count = entry.wish.count
                (seatType, category) = entry.wish.named
                status = entry.offer == nil ? "waiting" : "offered"
                joinedAt = entry.joinedAt.rawValue
            }
        }
    }
}

extension WaitlistWish {
    var isSeats: Bool { if case .seats = self { true } else { false } }

    /// The seat type or the category the wish names, as the API spells them.
    var named: (seatType: String?, category: String?) {
        switch self {
        case .seats(_, let seatType): (seatType, nil)
        case .tickets(_, let category): (nil, category.rawValue)
        }
    }
}
