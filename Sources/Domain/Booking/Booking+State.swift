/// Where a booking is: held (maybe with an order), then confirmed, or ended without a sale.
public enum BookingStatus: String, Hashable, Sendable, Codable {
    case none, held, ordered, confirmed, expired, released, failed
}

extension Booking {
    /// A booking as its events leave it.
    public struct State: Sendable, Equatable {
        public var status: BookingStatus = .none
        public var terms: BookingTerms?
        public var order: OrderID?
        public var payment: PaymentReceipt?
        public var confirmedAt: Instant?
        public var tickets: [TicketID: TicketState] = [:]
        public var ticketOrder: [TicketID] = []
        public var refund: Refund?

        public init() {}

        /// Confirmed and not refunded (nor being refunded): what the organizer is paid for.
        public var isSoldAndKept: Bool { status == .confirmed && refund == nil }
        /// What the customer paid.
        public var paid: Money? { status == .confirmed ? (payment?.amount ?? terms.map { Money.zero($0.price.total.currency) }) : nil }
    }

    /// One ticket at the door.
    public struct TicketState: Sendable, Equatable {
        public var admits: String
        public var checkedIn: (at: Instant, by: OrganizerID)?

        public static func == (a: TicketState, b: TicketState) -> Bool {
            a.admits == b.admits && a.checkedIn?.at == b.checkedIn?.at && a.checkedIn?.by == b.checkedIn?.by
        }
    }

    /// A booking's one refund.
    public struct Refund: Sendable, Equatable {
        public var id: RefundID
        public var amount: Money
        public var reason: RefundRequested.Reason
        /// The payment going back (`nil` for a free booking's refund of nothing).
        public var payment: PaymentID?
        public var progress: Progress

        /// Where the money is.
        public enum Progress: Sendable, Equatable {
            case requested
            case processing(gatewayReference: String)
            case processed(at: Instant)
            case failed(reason: String)
        }
    }
}
