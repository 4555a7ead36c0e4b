import Domain
import Foundation

/// A gateway webhook in Razorpay's shape: `{"event": "payment.captured", "payload": {"payment": {"entity": {…}}}}`.
/// The server reads only what it needs; the sandbox writes the same shape.
struct GatewayWebhook: Codable, Sendable {
    var entity = "event"
    var event: String
    var payload: Payload
    var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case entity, event, payload
        case createdAt = "created_at"
    }

    struct Payload: Codable, Sendable {
        var payment: Wrapped<PaymentEntity>?
        var refund: Wrapped<RefundEntity>?
    }

    struct Wrapped<Entity: Codable & Sendable>: Codable, Sendable {
        var entity: Entity
    }

    struct PaymentEntity: Codable, Sendable {
        var id: String
        var entity = "payment"
        var amount: Int64
        var currency: String
        var status: String
        var orderID: String
        var notes: [String: String]?

        enum CodingKeys: String, CodingKey {
            case id, entity, amount, currency, status, notes
            case orderID = "order_id"
        }
    }

    struct RefundEntity: Codable, Sendable {
        var id: String
        var entity = "refund"
        var amount: Int64
        var currency: String
        var paymentID: String
        var status: String
        var notes: [String: String]?

        enum CodingKeys: String, CodingKey {
            case id, entity, amount, currency, status, notes
            case paymentID = "payment_id"
        }
    }
}

/// The webhooks the sandbox sends.
enum SandboxWebhook {
    static func payment(_ payment: GatewayPayment, notes: [String: String]) -> Data {
        let entity = GatewayWebhook.PaymentEntity(
            id: payment.id.rawValue, amount: payment.amount.minor, currency: payment.amount.currency.code,
            status: payment.status.rawValue, orderID: payment.order.rawValue, notes: notes)
        let event = payment.status == .captured ? "payment.captured" : "payment.failed"
        return encode(GatewayWebhook(event: event, payload: .init(payment: .init(entity: entity)), createdAt: now()))
    }

    static func refund(_ refund: GatewayRefund, notes: [String: String]) -> Data {
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
