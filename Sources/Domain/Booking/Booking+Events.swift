extension Booking {
    /// What happened to a booking: the storage contract of the `booking` stream category.
    public enum Event: Sendable, Equatable {
        case started(BookingStarted)
        case orderCreated(OrderCreated)
        case confirmed(BookingConfirmed)
        case paymentFailed(PaymentFailed)
        case expired(BookingExpired)
        case released(BookingReleased)
        case checkedIn(TicketCheckedIn)
        case refundRequested(RefundRequested)
        case refundProcessing(RefundProcessing)
        case refundProcessed(RefundProcessed)
        case refundFailed(RefundFailed)
    }
}

public struct BookingStarted: Hashable, Sendable, Codable {
    public var terms: BookingTerms
    public init(terms: BookingTerms) { self.terms = terms }
}

public struct OrderCreated: Hashable, Sendable, Codable {
    public var order: OrderID
    public var amount: Money
    public init(order: OrderID, amount: Money) {
        self.order = order
        self.amount = amount
    }
}

/// One issued ticket: its id and the seat or category it admits to.
public struct IssuedTicket: Hashable, Sendable, Codable {
    public var id: TicketID
    public var admits: String
    public init(id: TicketID, admits: String) {
        self.id = id
        self.admits = admits
    }
}

public struct BookingConfirmed: Hashable, Sendable, Codable {
    /// `nil` for free bookings.
    public var payment: PaymentReceipt?
    public var tickets: [IssuedTicket]
    public var at: Instant
    public init(payment: PaymentReceipt?, tickets: [IssuedTicket], at: Instant) {
        self.payment = payment
        self.tickets = tickets
        self.at = at
    }
}

public struct PaymentFailed: Hashable, Sendable, Codable {
    public var order: OrderID
    public var reason: String
    public init(order: OrderID, reason: String) {
        self.order = order
        self.reason = reason
    }
}

public struct BookingExpired: Hashable, Sendable, Codable {
    public var at: Instant
    public init(at: Instant) { self.at = at }
}

public struct BookingReleased: Hashable, Sendable, Codable {
    public var by: CustomerID
    public init(by: CustomerID) { self.by = by }
}

public struct TicketCheckedIn: Hashable, Sendable, Codable {
    public var ticket: TicketID
    public var scanner: OrganizerID
    public var at: Instant
    public init(ticket: TicketID, scanner: OrganizerID, at: Instant) {
        self.ticket = ticket
        self.scanner = scanner
        self.at = at
    }
}

public struct RefundRequested: Hashable, Sendable, Codable {
    /// Why money goes back.
    public enum Reason: String, Hashable, Sendable, Codable {
        case customerCancelled, showCancelled, paymentUnfulfillable
    }
    public var refund: RefundID
    public var amount: Money
    public var reason: Reason
    /// The payment being refunded (`nil` for a free booking).
    public var payment: PaymentID?
    public var at: Instant
    public init(refund: RefundID, amount: Money, reason: Reason, payment: PaymentID?, at: Instant) {
        self.refund = refund
        self.amount = amount
        self.reason = reason
        self.payment = payment
        self.at = at
    }
}

public struct RefundProcessing: Hashable, Sendable, Codable {
    public var gatewayReference: String
    public init(gatewayReference: String) { self.gatewayReference = gatewayReference }
}

public struct RefundProcessed: Hashable, Sendable, Codable {
    public var at: Instant
    public init(at: Instant) { self.at = at }
}

public struct RefundFailed: Hashable, Sendable, Codable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Booking: EventCodec {
    public static let category = "booking"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .started(let payload): StoredEvent("BookingStarted", payload)
        case .orderCreated(let payload): StoredEvent("OrderCreated", payload)
        case .confirmed(let payload): StoredEvent("BookingConfirmed", payload)
        case .paymentFailed(let payload): StoredEvent("PaymentFailed", payload)
        case .expired(let payload): StoredEvent("BookingExpired", payload)
        case .released(let payload): StoredEvent("BookingReleased", payload)
        case .checkedIn(let payload): StoredEvent("TicketCheckedIn", payload)
        case .refundRequested(let payload): StoredEvent("RefundRequested", payload)
        case .refundProcessing(let payload): StoredEvent("RefundProcessing", payload)
        case .refundProcessed(let payload): StoredEvent("RefundProcessed", payload)
        case .refundFailed(let payload): StoredEvent("RefundFailed", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "BookingStarted": .started(try BookingStarted(from: decoder))
        case "OrderCreated": .orderCreated(try OrderCreated(from: decoder))
        case "BookingConfirmed": .confirmed(try BookingConfirmed(from: decoder))
        case "PaymentFailed": .paymentFailed(try PaymentFailed(from: decoder))
        case "BookingExpired": .expired(try BookingExpired(from: decoder))
        case "BookingReleased": .released(try BookingReleased(from: decoder))
        case "TicketCheckedIn": .checkedIn(try TicketCheckedIn(from: decoder))
        case "RefundRequested": .refundRequested(try RefundRequested(from: decoder))
        case "RefundProcessing": .refundProcessing(try RefundProcessing(from: decoder))
        case "RefundProcessed": .refundProcessed(try RefundProcessed(from: decoder))
        case "RefundFailed": .refundFailed(try RefundFailed(from: decoder))
        default: nil
        }
    }
}
