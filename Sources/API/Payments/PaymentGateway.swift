import Domain

/// The payment provider, as the booking flow needs it. Two implementations: the embedded sandbox (the default,
/// offline) and Razorpay over HTTPS when its keys are configured. Both sign payments and webhooks the same way.
protocol PaymentGateway: Sendable {
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
struct GatewayOrder: Sendable, Equatable {
    var id: OrderID
    var amount: Money
    var receipt: String
    var notes: [String: String]
}

/// A payment at the gateway.
struct GatewayPayment: Sendable, Equatable {
    enum Status: String, Sendable {
        case created, authorized, captured, refunded, failed
    }
    var id: PaymentID
    var order: OrderID
    var amount: Money
    var status: Status
}

/// A refund at the gateway.
struct GatewayRefund: Sendable, Equatable {
    enum Status: String, Sendable {
        case pending, processed, failed
    }
    var id: String
    var payment: PaymentID
    var amount: Money
    var status: Status
    /// The notes it was created with (ours carry the booking and refund ids).
    var notes: [String: String] = [:]
}

/// What went wrong talking to the gateway.
struct GatewayError: Error, CustomStringConvertible {
    enum Kind: Sendable {
        /// The gateway has no such order, payment or refund.
        case notFound
        /// The gateway refused the request (its message says why).
        case refused
        /// The gateway could not be reached or answered nonsense; the request may be retried.
        case unavailable
    }
    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { "payment gateway: \(message)" }
}
