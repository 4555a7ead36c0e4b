public import Domain
public import Foundation

/// A gateway webhook in Razorpay's shape: `{"event": "payment.captured", "payload": {"payment": {"entity": {…}}}}`.
/// The server reads only what it needs; the sandbox writes the same shape.
public struct GatewayWebhook: Codable, Sendable {
    public var entity = "event"
    public var event: String
    public var payload: Payload
    public var createdAt: Int64

    public enum CodingKeys: String, CodingKey {
        case entity, event, payload
        case createdAt = "created_at"
    }

    public struct Payload: Codable, Sendable {
        public var payment: Wrapped<PaymentEntity>?
        public var refund: Wrapped<RefundEntity>?

        public init(payment: Wrapped<PaymentEntity>? = nil, refund: Wrapped<RefundEntity>? = nil) {
            self.payment = payment
            self.refund = refund
        }
    }

    public struct Wrapped<Entity: Codable & Sendable>: Codable, Sendable {
        public var entity: Entity

        public init(entity: Entity) {
            self.entity = entity
        }
    }

    public struct PaymentEntity: Codable, Sendable {
        public var id: String
        public var entity = "payment"
        public var amount: Int64
        public var currency: String
        public var status: String
        public var orderID: String
        public var notes: [String: String]?

        public enum CodingKeys: String, CodingKey {
            case id, entity, amount, currency, status, notes
            case orderID = "order_id"
        }

        public init(id: String, amount: Int64, currency: String, status: String, orderID: String, notes: [String: String]? = nil) {
            self.id = id
            self.amount = amount
            self.currency = currency
            self.status = status
            self.orderID = orderID
            self.notes = notes
        }
    }

    public struct RefundEntity: Codable, Sendable {
        public var id: String
        public var entity = "refund"
        public var amount: Int64
        public var currency: String
        public var paymentID: String
        public var status: String
        public var notes: [String: String]?

        public enum CodingKeys: String, CodingKey {
            case id, entity, amount, currency, status, notes
            case paymentID = "payment_id"
        }

        public init(id: String, amount: Int64, currency: String, paymentID: String, status: String, notes: [String: String]? = nil) {
            self.id = id
            self.amount = amount
            self.currency = currency
            self.paymentID = paymentID
            self.status = status
            self.notes = notes
        }
    }

    public init(event: String, payload: Payload, createdAt: Int64) {
        self.event = event
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// The webhooks the sandbox sends.
public enum SandboxWebhook {
    public static func payment(_ payment: GatewayPayment, notes: [String: String]) -> Data {
        let entity = GatewayWebhook.PaymentEntity(
            id: payment.id.rawValue, amount: payment.amount.minor, currency: payment.amount.currency.code,
            status: payment.status.rawValue, orderID: payment.order.rawValue, notes: notes)
        let event = payment.status == .captured ? "payment.captured" : "payment.failed"
        return encode(GatewayWebhook(event: event, payload: .init(payment: .init(entity: entity)), createdAt: now()))
    }

    public static func refund(_ refund: GatewayRefund, notes: [String: String]) -> Data {
        let entity = GatewayWebhook.RefundEntity(
            id: refund.id, amount: refund.amount.minor, currency: refund.amount.currency.code, paymentID: refund.payment.rawValue,
            status: refund.status.rawValue, notes: notes)
        let event = refund.status == .failed ? "refund.failed" : "refund.processed"
        return encode(GatewayWebhook(event: event, payload: .init(refund: .init(entity: entity)), createdAt: now()))
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    private static func encode(_ webhook: GatewayWebhook) -> Data {
        // Encoding these plain structs cannot fail; a failure would be a programming error worth crashing on.
        do { return try JSONEncoder().encode(webhook) } catch { fatalError("a sandbox webhook did not encode: \(error)") }
    }
}
