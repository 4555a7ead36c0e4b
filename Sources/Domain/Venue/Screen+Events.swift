extension Screen {
    /// What happened to a screen: the storage contract of the `screen` stream category.
    public enum Event: Sendable, Equatable {
        case registered(ScreenRegistered)
        case layoutDefined(LayoutDefined)
        case slotReserved(SlotReserved)
        case slotReleased(SlotReleased)
        case openSet(ScreenOpenSet)
        case retired(ScreenRetired)
    }
}

public struct ScreenRegistered: Hashable, Sendable, Codable {
    public var hall: HallID
    public var name: String
    public init(hall: HallID, name: String) {
        self.hall = hall
        self.name = name
    }
}

public struct LayoutDefined: Hashable, Sendable, Codable {
    public var layout: SeatLayout
    public init(layout: SeatLayout) { self.layout = layout }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let rows = try container.decode([SeatRow].self, forKey: .rows)
        let blocked = try container.decode([SeatID].self, forKey: .blocked)
        layout = SeatLayout(rows: rows, blocked: Set(blocked))
    }

    // Blocked seats are stored sorted, so the stored bytes do not depend on set order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(layout.rows, forKey: .rows)
        try container.encode(layout.blocked.sorted(), forKey: .blocked)
    }

    private enum Key: String, CodingKey { case rows, blocked }
}

public struct SlotReserved: Hashable, Sendable, Codable {
    public var show: ShowID
    public var schedule: ShowSchedule
    public init(show: ShowID, schedule: ShowSchedule) {
        self.show = show
        self.schedule = schedule
    }
}

public struct SlotReleased: Hashable, Sendable, Codable {
    public var show: ShowID
    public init(show: ShowID) { self.show = show }
}

public struct ScreenOpenSet: Hashable, Sendable, Codable {
    public var open: Bool
    public init(open: Bool) { self.open = open }
}

public struct ScreenRetired: Hashable, Sendable, Codable {
    public init() {}
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Screen: EventCodec {
    public static let category = "screen"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .registered(let payload): StoredEvent("ScreenRegistered", payload)
        case .layoutDefined(let payload): StoredEvent("LayoutDefined", payload)
        case .slotReserved(let payload): StoredEvent("SlotReserved", payload)
        case .slotReleased(let payload): StoredEvent("SlotReleased", payload)
        case .openSet(let payload): StoredEvent("ScreenOpenSet", payload)
        case .retired(let payload): StoredEvent("ScreenRetired", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "ScreenRegistered": .registered(try ScreenRegistered(from: decoder))
        case "LayoutDefined": .layoutDefined(try LayoutDefined(from: decoder))
        case "SlotReserved": .slotReserved(try SlotReserved(from: decoder))
        case "SlotReleased": .slotReleased(try SlotReleased(from: decoder))
        case "ScreenOpenSet": .openSet(try ScreenOpenSet(from: decoder))
        case "ScreenRetired": .retired(try ScreenRetired(from: decoder))
        default: nil
        }
    }
}
