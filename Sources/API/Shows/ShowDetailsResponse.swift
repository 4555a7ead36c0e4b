import Domain
import Hummingbird
import Projections

/// What `GET /api/event/:eventId` returns: the public details, schedule, rules and every price. An online show's
/// access link is never here (only ticket holders get it).
struct ShowDetailsResponse: ResponseEncodable {
    struct Seat: Encodable {
        var id: String
        var type: String
        var price: Money?
    }
    struct Category: Encodable {
        var id: String
        var name: String
        var capacity: Int
        var price: Money
        var feePerTicket: Money
    }
    struct SeatType: Encodable {
        var type: String
        var price: Money
        var feePerTicket: Money
    }
    struct Registration: Encodable {
        var fields: [RegistrationField]
        var teams: Bool
        var minParticipants: Int
        var maxParticipants: Int
    }

    var eventId: String
    var kind: String
    var status: String
    var title: String
    var description: String
    var subType: String
    var city: String
    var venue: String
    /// The poster's address, once uploaded (cached for good: its name is its content's hash).
    var poster: String?
    var hallId: String?
    var screenId: String?
    var start: Int64
    var end: Int64
    var bookingClosesAt: Int64
    var holdMinutes: Int
    var maxTicketsPerOrder: Int
    var refundPolicy: RefundPolicy
    var seatTypes: [SeatType]?
    var seats: [Seat]?
    /// How to draw the seats: rows with gaps (seated shows).
    var plan: SeatingPlan?
    var categories: [Category]?
    var registration: Registration?
    /// How many customers like it (the listings' count, as of `?after=`).
    var likes = 0
    /// Whether the signed-in customer likes it; absent for anyone else.
    var likedByMe: Bool?

    init(id: String, status: ShowStatus, configuration: ShowConfiguration) {
        eventId = id
        kind = configuration.kind.rawValue
        self.status = status.rawValue
        let details = configuration.details
        title = details.title
        description = details.description
        subType = details.subType
        city = details.city
        venue = details.venue
        poster = details.poster.map { "/api/images/\($0)" }
        hallId = details.screen?.hall.rawValue
        screenId = details.screen?.screen.rawValue
        start = configuration.schedule.start.rawValue
        end = configuration.schedule.end.rawValue
        bookingClosesAt = configuration.bookingClosesAt.rawValue
        holdMinutes = configuration.holdMinutes
        maxTicketsPerOrder = configuration.maxTicketsPerOrder
        refundPolicy = configuration.refundPolicy
        switch configuration.inventory {
        case .seated(let seated):
            seats = seated.seats.sortedInReadingOrder(by: \.key.rawValue).map {
                Seat(id: $0.key.rawValue, type: $0.value, price: seated.price(of: $0.key))
            }
            let types = Set(seated.seats.values).sorted()
            seatTypes = types.compactMap { type in
                let price: Money? = switch seated.pricing {
                case .flat(let price): price
                case .bySeatType(let prices): prices[type]
                }
                return price.map { SeatType(type: type, price: $0, feePerTicket: ConvenienceFee.perTicket(for: $0)) }
            }
        case .categories(let list):
            categories = list.map {
                Category(id: $0.id.rawValue, name: $0.name, capacity: $0.capacity, price: $0.price,
                         feePerTicket: ConvenienceFee.perTicket(for: $0.price))
            }
        }
        if let rules = configuration.registration {
            let range: ClosedRange<Int> = switch rules.participation {
            case .individual: 1...1
            case .team(let minimum, let maximum): minimum...maximum
            }
            registration = Registration(fields: rules.fields, teams: range != 1...1, minParticipants: range.lowerBound,
                                        maxParticipants: range.upperBound)
        }
    }
}
