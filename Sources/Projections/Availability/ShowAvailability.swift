public import Domain

/// What a show has left: its status, every seat of its inventory (free unless marked held until a time, or
/// sold), each category's capacity, held and sold counts, and what each active booking holds or bought. The
/// projection stores it as rows (`AvailabilityRow`); rooms and tests keep it whole in memory.
public struct ShowAvailability: Sendable, Equatable {
    public var summary: AvailabilitySummary
    /// Seats that are not free.
    public var marks: [SeatID: SeatState]
    /// Active holds and sales by booking: what each one frees when it ends.
    public var bookings: [BookingID: BookedItems]

    public init(status: ShowStatus = .draft, seats: [SeatID] = [], categories: [CategoryID: CategoryCounts] = [:],
                marks: [SeatID: SeatState] = [:], bookings: [BookingID: BookedItems] = [:]) {
        summary = AvailabilitySummary(status: status, seats: seats, categories: categories)
        self.marks = marks
        self.bookings = bookings
    }

    public var status: ShowStatus { summary.status }
    public var categories: [CategoryID: CategoryCounts] { summary.categories }

    /// One seat's state.
    public func state(of seat: SeatID) -> SeatState { marks[seat] ?? .free }

    /// Every seat of the inventory with its state.
    public var seats: [SeatID: SeatState] {
        Dictionary(uniqueKeysWithValues: summary.seats.map { ($0, state(of: $0)) })
    }
}

/// The part of a show's availability that is not per seat or per booking: small, except for the list of seats,
/// which changes only with the inventory.
public struct AvailabilitySummary: Codable, Sendable, Equatable {
    public var status: ShowStatus
    /// The inventory's seats, in reading order (empty for category shows).
    public var seats: [SeatID]
    public var categories: [CategoryID: CategoryCounts]

    public init(status: ShowStatus, seats: [SeatID], categories: [CategoryID: CategoryCounts]) {
        self.status = status
        self.seats = seats
        self.categories = categories
    }
}

/// One seat: free, held (until when), or sold.
public struct SeatState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case free, held, sold }
    public var status: Status
    public var heldUntil: Instant?

    public static let free = SeatState(status: .free, heldUntil: nil)
    public static let sold = SeatState(status: .sold, heldUntil: nil)
    public static func held(until: Instant) -> SeatState { SeatState(status: .held, heldUntil: until) }
}

/// A category's counts; free is capacity − held − sold.
public struct CategoryCounts: Codable, Sendable, Equatable {
    public var capacity: Int
    public var held: Int
    public var sold: Int
    public var free: Int { capacity - held - sold }

    public init(capacity: Int, held: Int = 0, sold: Int = 0) {
        self.capacity = capacity
        self.held = held
        self.sold = sold
    }
}

/// What one booking holds (until when) or bought.
public struct BookedItems: Codable, Sendable, Equatable {
    public var items: Items
    public var sold: Bool
    public var heldUntil: Instant?
}
