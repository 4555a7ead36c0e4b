import App
import Domain
import EventStore
import Hummingbird

/// `/api/booking`: a customer holds seats or tickets and gets the server's price; releases a hold early.
struct BookingController {
    let sessions: SessionSigner
    let holds: HoldProcess
    /// A show sold through an on-sale queue takes holds only with an admitted customer's pass.
    let gate: QueueGate

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/booking/hold") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(HoldBody.self)
            let show = try ShowID(field: "eventId", body.eventId)
            let now = Instant.now()
            try await gate.require(body.pass, show: show, customer: CustomerID(customer.id), now: now)
            let held = try await holds.hold(try body.request(), show: show, customer: CustomerID(customer.id), now: now)
            return HoldResponse(eventId: body.eventId, held: held)
        }
        router.post("api/booking/release") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(ReleaseBody.self)
            let position = try await holds.release(try BookingID(field: "bookingId", body.bookingId), show: try ShowID(field: "eventId", body.eventId), customer: CustomerID(customer.id), now: .now())
            return ReleaseResponse(released: true, position: position?.rawValue)
        }
    }

    /// Exactly one of `seats`, `tickets` or `participants` (with `category`).
    struct HoldBody: Decodable {
        var eventId: String
        var seats: [String]?
        var tickets: [String: Int]?
        var participants: [[String: String]]?
        var category: String?
        var best: Best?
        /// An admitted customer's pass, for a show sold through an on-sale queue.
        var pass: String?

        /// The best free seats, picked by the server (`BestSeats`).
        struct Best: Decodable {
            var count: Int
            var seatType: String?
        }

        func request() throws -> Show.HoldRequest {
            switch (seats, tickets, participants, best) {
            case (let seats?, nil, nil, nil):
                return .seats(Set(try RequestIDs.distinct(seats, field: "seats").map { SeatID($0) }))
            case (nil, let tickets?, nil, nil):
                var counts: [CategoryID: Int] = [:]
                for (category, count) in tickets { counts[try CategoryID(field: "tickets.\(category)", category)] = count }
                return .tickets(counts)
            case (nil, nil, let people?, nil):
                guard let category else { throw APIError.invalidBody("field category is required with participants") }
                return .participants(people.map(Participant.init(answers:)), category: try CategoryID(field: "category", category))
            case (nil, nil, nil, let best?):
                guard best.count >= 1 else { throw APIError.invalidBody("field best.count must be at least 1") }
                if let type = best.seatType, type.isEmpty { throw APIError.invalidBody("field best.seatType is empty; leave it out for any seat") }
                // The layout is the screen's, found by the hold itself.
                return .best(count: best.count, seatType: best.seatType, layout: nil)
            default:
                throw APIError.invalidBody("give exactly one of the fields seats, tickets, participants or best")
            }
        }
    }

    struct ReleaseBody: Decodable {
        var eventId: String
        var bookingId: String
    }

    struct HoldResponse: ResponseEncodable {
        var bookingId: String
        var eventId: String
        var items: Items
        var expiresAt: Int64
        var price: PriceBreakdown
        /// The log position of the hold: pass it as `after` to read a seat map that shows it.
        var position: UInt64

        init(eventId: String, held: HoldProcess.Held) {
            bookingId = held.booking.rawValue
            self.eventId = eventId
            items = held.items
            expiresAt = held.expiresAt.rawValue
            price = held.price
            position = held.position.rawValue
        }
    }

    struct ReleaseResponse: ResponseEncodable {
        var released: Bool
        var position: UInt64?
    }
}
