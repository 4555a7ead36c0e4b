// Enums with payloads are stored as one-key objects (`{"seated":{…}}`), not with Swift's synthesized `_0`
// wrappers, so the stored JSON reads as the business says it. NOTE: storage contract; the golden tests guard it.

extension Inventory {
    private enum Key: String, CodingKey { case seated, categories }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let seated = try container.decodeIfPresent(SeatedInventory.self, forKey: .seated) {
            self = .seated(seated)
        } else {
            self = .categories(try container.decode([TicketCategory].self, forKey: .categories))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .seated(let seated): try container.encode(seated, forKey: .seated)
        case .categories(let categories): try container.encode(categories, forKey: .categories)
        }
    }
}

extension SeatPricing {
    private enum Key: String, CodingKey { case flat, bySeatType }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let price = try container.decodeIfPresent(Money.self, forKey: .flat) {
            self = .flat(price)
        } else {
            self = .bySeatType(try container.decode([String: Money].self, forKey: .bySeatType))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .flat(let price): try container.encode(price, forKey: .flat)
        case .bySeatType(let prices): try container.encode(prices, forKey: .bySeatType)
        }
    }
}

extension BookingCutoff {
    private enum Key: String, CodingKey { case untilSoldOut, minutesBeforeStart, at }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let minutes = try container.decodeIfPresent(Int.self, forKey: .minutesBeforeStart) {
            self = .minutesBeforeStart(minutes)
        } else if let instant = try container.decodeIfPresent(Instant.self, forKey: .at) {
            self = .at(instant)
        } else {
            _ = try container.decode(Bool.self, forKey: .untilSoldOut)
            self = .untilSoldOut
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .untilSoldOut: try container.encode(true, forKey: .untilSoldOut)
        case .minutesBeforeStart(let minutes): try container.encode(minutes, forKey: .minutesBeforeStart)
        case .at(let instant): try container.encode(instant, forKey: .at)
        }
    }
}

extension Participation {
    private enum Key: String, CodingKey { case individual, team }
    private struct TeamSize: Codable {
        var minimum: Int
        var maximum: Int
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let team = try container.decodeIfPresent(TeamSize.self, forKey: .team) {
            self = .team(minimum: team.minimum, maximum: team.maximum)
        } else {
            _ = try container.decode(Bool.self, forKey: .individual)
            self = .individual
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .individual: try container.encode(true, forKey: .individual)
        case let .team(minimum, maximum): try container.encode(TeamSize(minimum: minimum, maximum: maximum), forKey: .team)
        }
    }
}

extension RegistrationRules: Codable {
    private enum Key: String, CodingKey { case fields, participation, perCustomer }

    /// A form stored before `perCustomer` existed allows one registration per customer, as the shop always meant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init(fields: try container.decode([RegistrationField].self, forKey: .fields),
                  participation: try container.decode(Participation.self, forKey: .participation),
                  perCustomer: try container.decodeIfPresent(Int.self, forKey: .perCustomer) ?? 1)
    }

    /// The default is left out, so a form that allows one registration is stored as it always was.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(fields, forKey: .fields)
        try container.encode(participation, forKey: .participation)
        if perCustomer != 1 { try container.encode(perCustomer, forKey: .perCustomer) }
    }
}
