public import Domain

/// One booking as its customer sees it: what, for which show, at what price, where it stands, and its tickets.
public struct BookingSummary: Codable, Sendable, Equatable {
    public struct Ticket: Codable, Sendable, Equatable {
        public var id: TicketID
        public var admits: String
        public var checkedInAt: Instant?
    }

    public struct RefundSummary: Codable, Sendable, Equatable {
        public var amount: Money
        /// `requested`, `processing`, `processed` or `failed`.
        public var status: String
    }

    public var id: BookingID
    public var show: ShowID
    public var customer: CustomerID
    public var items: Items
    public var price: PriceBreakdown
    public var status: BookingStatus
    /// When an unpaid hold lapses.
    public var expiresAt: Instant
    public var startedAt: Instant
    public var confirmedAt: Instant?
    public var tickets: [Ticket]
    public var refund: RefundSummary?
}
