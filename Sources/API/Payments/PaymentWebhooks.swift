import App
import Domain
import Foundation
import Hummingbird
import Logging

/// The gateway's webhooks, the second road to every outcome: a customer who paid and closed the tab still gets
/// tickets (`payment.captured`), failures are recorded (`payment.failed`), and refunds complete or fail
/// (`refund.processed`, `refund.failed`). Accepted only with a valid signature over the body exactly as received;
/// a repeated webhook finds its work done and changes nothing.
struct PaymentWebhooks: Sendable {
    let signatures: PaymentSignatures
    let checkout: Checkout
    let refunds: Refunds
    let logger: Logger

    enum Handled: String, Sendable {
        case applied, ignored
    }

    func receive(body: Data, signature: String?) async throws -> Handled {
        guard let signature, signatures.isValidWebhook(body: body, signature: signature) else {
            throw APIError(.badRequest, code: "invalid_signature", "header X-Razorpay-Signature does not match the body")
        }
        let webhook: GatewayWebhook
        do {
            webhook = try JSONDecoder().decode(GatewayWebhook.self, from: body)
        } catch {
            throw APIError(.badRequest, code: "invalid_body", "the webhook body is not a gateway event")
        }
        let now = Instant.now()
        do {
            switch webhook.event {
            case "payment.captured", "payment.failed":
                guard let payment = webhook.payload.payment?.entity else { return .ignored }
                let order = OrderID(payment.orderID)
                guard let booking = try await checkout.booking(of: order) else { return .ignored }
                if webhook.event == "payment.captured" {
                    _ = try await checkout.confirm(booking, order: order, payment: PaymentID(payment.id), now: now)
                } else {
                    try await checkout.fail(booking, order: order, reason: "the payment failed at the gateway")
                }
            case "refund.processed", "refund.failed":
                guard let refund = webhook.payload.refund?.entity, let booking = refund.notes?["bookingId"] else { return .ignored }
                try await refunds.settle(
                    BookingID(booking), refund: refund.notes?["refundId"].map { RefundID($0) }, gatewayReference: refund.id,
                    processed: webhook.event == "refund.processed", reason: "the gateway could not refund", now: now)
            default:
                return .ignored
            }
        } catch let error as APIError where error.status.code < 500 {
            // Answered, not retried: the gateway would only send the same news again. The booking's own state
            // (a refund of a payment that came too late, say) already says what happened.
            logger.info("webhook \(webhook.event) handled without effect: \(error.message)")
            return .ignored
        }
        return .applied
    }
}
