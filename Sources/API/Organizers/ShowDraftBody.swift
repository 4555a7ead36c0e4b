import Domain
import Hummingbird

/// What an organizer sends to draft a show. Amounts are integer minor units (paise). A seated show names its hall
/// and screen, and prices each seat type of the screen's layout; other kinds list their ticket categories.
struct ShowDraftBody: Decodable {
    struct Category: Decodable {
        var id: String
        var name: String
        var capacity: Int
        var price: Int64
    }

    struct Policy: Decodable {
        var refundable: Bool
        var deadlineMinutesBeforeStart: Int
        var feesRefunded: Bool
    }

    /// When booking closes, one of: `{"minutesBeforeStart": N}`, `{"at": milliseconds}`, `{"untilSoldOut": true}`
    /// (at the start). A draft without `cutoff` closes at the start.
    struct Cutoff: Decodable {
        var minutesBeforeStart: Int?
        var at: Int64?
        var untilSoldOut: Bool?

        func decided(field: String) throws -> BookingCutoff {
            switch (minutesBeforeStart, at, untilSoldOut) {
            case (let minutes?, nil, nil): return .minutesBeforeStart(minutes)
            case (nil, let at?, nil): return .at(Instant(millisecondsSince1970: at))
            case (nil, nil, true?): return .untilSoldOut
            case (nil, nil, false?): throw APIError.invalidBody("field \(field).untilSoldOut can only be true (or give minutesBeforeStart or at)")
            default: throw APIError.invalidBody("field \(field) takes exactly one of minutesBeforeStart, at and untilSoldOut")
            }
        }
    }

    struct Registration: Decodable {
        struct Field: Decodable {
            var label: String
            var required: Bool?
        }
        var fields: [Field]
        var minTeam: Int?
        var maxTeam: Int?
        /// Registrations one customer may make (1 unless said).
        var perCustomer: Int?
    }

    var kind: String
    var title: String
    var description: String?
    var subType: String?
    var city: String?
    var venue: String?
    var hallId: String?
    var screenId: String?
    var start: Int64
    var end: Int64
    var seatPrices: [String: Int64]?
    var categories: [Category]?
    var holdMinutes: Int?
    var maxTicketsPerOrder: Int?
    var refundPolicy: Policy?
    var cutoff: Cutoff?
    var registration: Registration?
    var accessLink: String?

    /// The configuration, with the screen's layout for a seated show; every problem names its field.
    func configuration(organizer: OrganizerID, layout: SeatLayout?) throws -> ShowConfiguration {
        guard let kind = ShowKind(rawValue: kind) else {
            throw APIError.invalidBody("field kind must be one of seating, open, registration, online")
        }
        guard end > start else { throw APIError.invalidBody("field end must be after field start") }
        // The link lands in ticket holders' pages and mail as something to click: a web address, nothing else.
        if let accessLink, !accessLink.lowercased().hasPrefix("https://") || accessLink.utf8.count > 2048 {
            throw APIError.invalidBody("field accessLink must be an https:// address of at most 2048 bytes")
        }
        let screen: ScreenRef? = if let hallId, let screenId { ScreenRef(hall: HallID(hallId), screen: ScreenID(screenId)) } else { nil }
        let inventory: Inventory
        if kind == .seating {
            guard screen != nil else { throw APIError.invalidBody("fields hallId and screenId are required for a seated show") }
            guard let layout else { throw APIError.noLayout("the screen has no seat layout yet") }
            inventory = try Self.seated(layout.sellableSeats, prices: seatPrices)
        } else {
            inventory = try Self.categories(categories)
        }
        let rules: RegistrationRules? = registration.map { form in
            let participation: Participation = if let minimum = form.minTeam, let maximum = form.maxTeam { .team(minimum: minimum, maximum: maximum) } else { .individual }
            return RegistrationRules(fields: form.fields.map { RegistrationField(label: $0.label, required: $0.required ?? true) },
                                     participation: participation, perCustomer: form.perCustomer ?? 1)
        }
        return ShowConfiguration(
            organizer: organizer, kind: kind,
            details: ShowDetails(title: title, description: description ?? "", subType: subType ?? "", city: city ?? "", venue: venue ?? "", screen: screen),
            schedule: ShowSchedule(start: Instant(millisecondsSince1970: start), end: Instant(millisecondsSince1970: end)),
            inventory: inventory, cutoff: try cutoff?.decided(field: "cutoff") ?? .untilSoldOut, holdMinutes: holdMinutes ?? 10, maxTicketsPerOrder: maxTicketsPerOrder ?? 10,
            refundPolicy: refundPolicy.map { RefundPolicy(refundable: $0.refundable, deadlineMinutesBeforeStart: $0.deadlineMinutesBeforeStart, feesRefunded: $0.feesRefunded) } ?? .standard,
            registration: rules, accessLink: accessLink)
    }

    /// Seats priced by seat type: every type among `seats` needs a price of 0 or more.
    static func seated(_ seats: [SeatID: String], prices seatPrices: [String: Int64]?) throws -> Inventory {
        guard let seatPrices, !seatPrices.isEmpty else {
            throw APIError.invalidBody("field seatPrices must price each seat type of the screen")
        }
        if let unpriced = Set(seats.values).subtracting(seatPrices.keys).sorted().first {
            throw APIError.invalidBody("field seatPrices has no price for seat type \(unpriced)")
        }
        if let negative = seatPrices.sorted(by: { $0.key < $1.key }).first(where: { $0.value < 0 }) {
            throw APIError.invalidBody("field seatPrices.\(negative.key) cannot be negative")
        }
        return .seated(SeatedInventory(seats: seats, pricing: .bySeatType(seatPrices.mapValues { Money(minor: $0) })))
    }

    /// Ticket categories, each with an id, a capacity of at least 1 and a price of 0 or more.
    static func categories(_ categories: [Category]?) throws -> Inventory {
        guard let categories, !categories.isEmpty else {
            throw APIError.invalidBody("field categories must list at least one ticket category")
        }
        if let bad = categories.first(where: { $0.capacity < 1 || $0.price < 0 || $0.id.isEmpty }) {
            throw APIError.invalidBody("field categories.\(bad.id): needs an id, a capacity of at least 1 and a price of 0 or more")
        }
        return .categories(categories.map { TicketCategory(id: CategoryID($0.id), name: $0.name, capacity: $0.capacity, price: Money(minor: $0.price)) })
    }
}
