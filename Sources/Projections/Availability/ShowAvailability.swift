public import Domain

/// What a show has left: every seat free, held until a time, or sold, and each category's capacity, held and
/// sold counts. Built by `ShowAvailabilityProjection`; the seat map and the live room read it.
public struct ShowAvailability: Codable, Sendable, Equatable {
    public var status: ShowStatus
    public var seats: [SeatID: SeatState]
    public var categories: [CategoryID: CategoryCounts]
    /// Active holds and sales by booking: what each one frees when it ends.
    public var bookings: [BookingID: BookedItems]

    public init(status: ShowStatus = .draft, seats: [SeatID: SeatState] = [:], categories: [CategoryID: CategoryCounts] = [:],
                bookings: [BookingID: BookedItems] = [:]) {
        self.status = status
        self.seats = seats
        self.categories = categories
        self.bookings = bookings
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
