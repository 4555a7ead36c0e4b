import App
import Domain
import EventStore
import Hummingbird

/// `POST /api/event/:eventId/register`: a customer signs up for a Registration show with the form's answers, one
/// participant or a team. A free registration is confirmed at once with its tickets; a paid one is held and
/// priced, to be paid like any other hold.
struct RegistrationController {
    let sessions: SessionSigner
    let holds: HoldProcess
    let free: FreeConfirmation
    /// A registration behind an on-sale queue signs up only admitted customers (their pass in `pass`).
    let gate: QueueGate

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/event/:eventId/register") { request, context in
            let customerID = CustomerID(try await request.identity(sessions, as: .customer).id)
            let show = ShowID(try context.parameters.id("eventId"))
            let body = try await request.json(Body.self)
            guard !body.participants.isEmpty else {
                throw APIError.invalidBody("field participants must name at least one participant")
            }
            let category = try await category(body.category, of: show)
            let now = Instant.now()
            try await gate.require(body.pass, show: show, customer: customerID, now: now)
            let held = try await holds.hold(.participants(body.participants.map(Participant.init(answers:)), category: category),
                                            show: show, customer: customerID, now: now)
            guard held.price.isFree else { return RegistrationResponse(held: held, tickets: nil, position: held.position) }
            let confirmed = try await free.confirm(held.booking, show: show, customer: customerID, items: held.items, now: now)
            return RegistrationResponse(held: held, tickets: confirmed.tickets, position: max(held.position, confirmed.position))
        }
    }

    /// The category asked for, or the show's only one.
    private func category(_ asked: String?, of show: ShowID) async throws -> CategoryID {
        if let asked { return CategoryID(asked) }
        let state = try await holds.showState(show)
        guard state.configuration?.kind == .registration else { throw APIError.notFound("registration event \(show)") }
        guard case .categories(let categories)? = state.configuration?.inventory, categories.count == 1, let only = categories.first else {
            throw APIError.invalidBody("field category is required: this event has several")
        }
        return only.id
    }

    struct Body: Decodable {
        var participants: [[String: String]]
        var category: String?
        /// An admitted customer's pass, for a registration behind an on-sale queue.
        var pass: String?
    }

    struct RegistrationResponse: ResponseEncodable {
        var bookingId: String
        var status: String
        var price: PriceBreakdown
        /// Until when an unpaid registration is held.
        var expiresAt: Int64?
        var tickets: [IssuedTicket]?
        var position: UInt64

        init(held: HoldProcess.Held, tickets: [IssuedTicket]?, position: GlobalPosition) {
            bookingId = held.booking.rawValue
            status = tickets == nil ? "held" : "confirmed"
            price = held.price
            expiresAt = tickets == nil ? held.expiresAt.rawValue : nil
            self.tickets = tickets
            self.position = position.rawValue
        }
    }
}
