extension Booking {
    /// What can be asked of one customer's booking. Ids (orders, payments, tickets, refunds) come from the shell.
    public enum Command: Sendable, Equatable {
        /// The show held the items: the booking starts, priced by the server.
        case start(BookingTerms)
        /// A payment-gateway order for exactly the booking's total.
        case createOrder(OrderID, now: Instant)
        /// The gateway confirmed a payment: valid only for this booking's order and exact amount. The show has
        /// already sold the items (also for a payment after expiry), so tickets are issued, one per seat or unit.
        case confirmPayment(PaymentReceipt, tickets: [TicketID], now: Instant)
        /// A free booking confirms without a payment.
        case confirmFree(tickets: [TicketID], now: Instant)
        /// A payment arrived after the hold ended and the show could not sell the items again: it is refunded.
        case refundUnfulfillablePayment(PaymentReceipt, refund: RefundID, now: Instant)
        /// The gateway reports the payment failed or was abandoned.
        case failPayment(OrderID, reason: String)
        /// The hold's timer fired.
        case expire(now: Instant)
        /// The customer let the hold go (of the show named, which must be the booking's).
        case release(by: CustomerID, show: ShowID)
        /// Door staff scanned a ticket.
        case checkIn(TicketID, show: ShowID, scanner: OrganizerID, now: Instant)
        /// The customer cancels under the show's refund policy.
        case requestRefund(by: CustomerID, refund: RefundID, now: Instant)
        /// The show was cancelled: everything paid comes back.
        case refundInFull(refund: RefundID, now: Instant)
        /// The refund was sent to the gateway (also a retry after a failure).
        case startRefund(gatewayReference: String)
        /// The gateway completed the refund.
        case completeRefund(now: Instant)
        /// The gateway could not refund; it can be retried.
        case failRefund(reason: String)
    }
}

/// What a booking is for, fixed when it starts: the customer keeps the price and refund policy they booked under.
public struct BookingTerms: Hashable, Sendable, Codable {
    public var show: ShowID
    public var customer: CustomerID
    public var items: Items
    public var price: PriceBreakdown
    public var expiresAt: Instant
    public var refundPolicy: RefundPolicy
    public var schedule: ShowSchedule

    public init(
        show: ShowID, customer: CustomerID, items: Items, price: PriceBreakdown, expiresAt: Instant,
        refundPolicy: RefundPolicy, schedule: ShowSchedule
    ) {
        self.show = show
        self.customer = customer
        self.items = items
        self.price = price
        self.expiresAt = expiresAt
        self.refundPolicy = refundPolicy
        self.schedule = schedule
    }
}

/// A payment as the gateway reported it.
public struct PaymentReceipt: Hashable, Sendable, Codable {
    public var order: OrderID
    public var payment: PaymentID
    public var amount: Money

    public init(order: OrderID, payment: PaymentID, amount: Money) {
        self.order = order
        self.payment = payment
        self.amount = amount
    }
}
