/// Where a show is in its life.
public enum ShowStatus: String, Hashable, Sendable, Codable {
    case none, draft, submitted, approved, rejected, cancelled, ended
}

extension Show {
    /// A show as its events leave it, with the queries the rules need.
    public struct State: Sendable, Equatable {
        public var status: ShowStatus = .none
        public var configuration: ShowConfiguration?
        public var rejectionReason: String?
        /// Active holds by booking.
        public var holds: [BookingID: Hold] = [:]
        /// Sold items by booking.
        public var sales: [BookingID: Sale] = [:]
        /// Who holds or bought each taken seat.
        public var seatTakenBy: [SeatID: BookingID] = [:]
        public var heldCounts: [CategoryID: Int] = [:]
        public var soldCounts: [CategoryID: Int] = [:]
        /// Each customer's active hold (a new hold by the same customer replaces it).
        public var holdOfCustomer: [CustomerID: BookingID] = [:]
        /// How many sales each customer has (what a registration show's per-customer limit counts).
        public var salesOfCustomer: [CustomerID: Int] = [:]

        public init() {}

        /// How many tickets of `category` are neither held nor sold.
        public func available(_ category: CategoryID) -> Int {
            guard case .categories(let categories)? = configuration?.inventory,
                  let found = categories.first(where: { $0.id == category })
            else { return 0 }
            return found.capacity - (heldCounts[category] ?? 0) - (soldCounts[category] ?? 0)
        }

        /// Tickets held now, over all categories or seats.
        public var heldTicketCount: Int { holds.values.reduce(0) { $0 + $1.items.count } }
        /// Tickets sold, over all categories or seats.
        public var soldTicketCount: Int { sales.values.reduce(0) { $0 + $1.items.count } }

        /// The server's price for `items` at today's prices.
        public func price(of items: Items) throws(MoneyError) -> PriceBreakdown? {
            try configuration?.price(of: items)
        }
    }

    /// An active hold.
    public struct Hold: Sendable, Equatable {
        public var customer: CustomerID
        public var items: Items
        public var expiresAt: Instant
    }

    /// A sale.
    public struct Sale: Sendable, Equatable {
        public var customer: CustomerID
        public var items: Items
    }
}
