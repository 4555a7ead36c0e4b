public import Domain

/// The payment provider, as the booking flow needs it. Two implementations: the embedded sandbox (the default,
/// offline) and Razorpay over HTTPS when its keys are configured. Both sign payments and webhooks the same way.
public protocol PaymentGateway: Sendable {
    /// The public key id a checkout page needs.
    var keyID: String { get }
    /// Signs and checks `order_id|payment_id` (what the checkout hands back) and webhook bodies.
    var signatures: PaymentSignatures { get }
    /// Creates an order for `amount`; `notes` travel with it and come back in its payments and webhooks.
    func createOrder(amount: Money, receipt: String, notes: [String: String]) async throws(GatewayError) -> GatewayOrder
    /// An order as the gateway holds it (with the notes it was created with).
    func order(_ id: OrderID) async throws(GatewayError) -> GatewayOrder
    /// A payment as the gateway sees it now.
    func payment(_ id: PaymentID) async throws(GatewayError) -> GatewayPayment
    /// Every payment attempted against an order, captured or not: what reconciliation asks when no webhook came.
    func payments(of order: OrderID) async throws(GatewayError) -> [GatewayPayment]
    /// The refunds made against a payment so far.
    func refunds(of payment: PaymentID) async throws(GatewayError) -> [GatewayRefund]
    /// Refunds `amount` of a captured payment; `notes` come back in the refund's webhooks.
    func refund(_ payment: PaymentID, amount: Money, notes: [String: String]) async throws(GatewayError) -> GatewayRefund
}

/// An order at the gateway.
public struct GatewayOrder: Sendable, Equatable {
    public var id: OrderID
    public var amount: Money
    public var receipt: String
    public var notes: [String: String]

    public init(id: OrderID, amount: Money, receipt: String, notes: [String: String]) {
        self.id = id
        self.amount = amount
        self.receipt = receipt
        self.notes = notes
    }
}

/// A payment at the gateway.
public struct GatewayPayment: Sendable, Equatable {
    public enum Status: String, Sendable {
        case created, authorized, captured, refunded, failed
    }
    public var id: PaymentID
    public var order: OrderID
    public var amount: Money
    public var status: Status

    public init(id: PaymentID, order: OrderID, amount: Money, status: Status) {
        self.id = id
        self.order = order
        self.amount = amount
        self.status = status
    }
}

/// A refund at the gateway.
public struct GatewayRefund: Sendable, Equatable {
    public enum Status: String, Sendable {
        case pending, processed, failed
    }
    public var id: String
    public var payment: PaymentID
    public var amount: Money
    public var status: Status
    /// The notes it was created with (ours carry the booking and refund ids).
    public var notes: [String: String] = [:]

    public init(id: String, payment: PaymentID, amount: Money, status: Status, notes: [String: String] = [:]) {
        self.id = id
        self.payment = payment
        self.amount = amount
        self.status = status
        self.notes = notes
    }
}

/// What went wrong talking to the gateway.
public struct GatewayError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The gateway has no such order, payment or refund.
        case notFound
        /// The gateway refused the request (its message says why).
        case refused
        /// The gateway could not be reached or answered nonsense; the request may be retried.
        case unavailable
    }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "payment gateway: \(message)" }
}
