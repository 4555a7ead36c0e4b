/// What a show sells: seats of a layout, or counts of categories.
public enum Inventory: Hashable, Sendable, Codable {
    case seated(SeatedInventory)
    case categories([TicketCategory])

    /// How many tickets exist in all.
    public var capacity: Int {
        switch self {
        case .seated(let seated): seated.seats.count
        case .categories(let categories): categories.reduce(0) { $0 + $1.capacity }
        }
    }
}

/// The sellable seats of a seated show, taken from its screen's layout when drafted, with their prices.
public struct SeatedInventory: Hashable, Sendable, Codable {
    /// Every sellable seat and its seat type (blocked seats and gaps are left out).
    public var seats: [SeatID: String]
    public var pricing: SeatPricing

    public init(seats: [SeatID: String], pricing: SeatPricing) {
        self.seats = seats
        self.pricing = pricing
    }

    /// The price of `seat`, if it is sellable and its type has a price.
    public func price(of seat: SeatID) -> Money? {
        guard let type = seats[seat] else { return nil }
        switch pricing {
        case .flat(let price): return price
        case .bySeatType(let prices): return prices[type]
        }
    }
}

/// How seats are priced: one price, or one per seat type.
public enum SeatPricing: Hashable, Sendable, Codable {
    case flat(Money)
    case bySeatType([String: Money])
}

/// A general-admission category: a name, how many exist and their price.
public struct TicketCategory: Hashable, Sendable, Codable {
    public var id: CategoryID
    public var name: String
    public var capacity: Int
    public var price: Money

    public init(id: CategoryID, name: String, capacity: Int, price: Money) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.price = price
    }
}

/// What a booking holds or bought: specific seats, or counts per category.
/// Stored as `{"seats":["A1","A2"]}` (sorted, so the bytes are stable) or `{"tickets":{"gold":2}}`.
public enum Items: Hashable, Sendable, Codable {
    case seats(Set<SeatID>)
    case tickets([CategoryID: Int])

    private enum Key: String, CodingKey { case seats, tickets }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let seats = try container.decodeIfPresent([SeatID].self, forKey: .seats) {
            self = .seats(Set(seats))
        } else {
            self = .tickets(try container.decode([CategoryID: Int].self, forKey: .tickets))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .seats(let seats): try container.encode(seats.sorted(), forKey: .seats)
        case .tickets(let counts): try container.encode(counts, forKey: .tickets)
        }
    }

    /// How many tickets.
    public var count: Int {
        switch self {
        case .seats(let seats): seats.count
        case .tickets(let counts): counts.values.reduce(0, +)
        }
    }
}
