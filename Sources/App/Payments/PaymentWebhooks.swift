public import Domain
public import Foundation
public import Logging

/// The gateway's webhooks, the second road to every outcome: a customer who paid and closed the tab still gets
/// tickets (`payment.captured`), failures are recorded (`payment.failed`), and refunds complete or fail
/// (`refund.processed`, `refund.failed`). Accepted only with a valid signature over the body exactly as received;
/// a repeated webhook finds its work done and changes nothing.
public struct PaymentWebhooks: Sendable {
    public let signatures: PaymentSignatures
    public let checkout: Checkout
    public let refunds: Refunds
    public let logger: Logger

    public enum Handled: String, Sendable {
        case applied, ignored
    }

    public func receive(body: Data, signature: String?) async throws -> Handled {
        guard let signature, signatures.isValidWebhook(body: body, signature: signature) else {
            throw AppFailure.invalidWebhookSignature
        }
        let webhook: GatewayWebhook
        do {
            webhook = try JSONDecoder().decode(GatewayWebhook.self, from: body)
        } catch {
            throw AppFailure.invalidWebhook
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
        } catch let error as AppFailure where !error.isFault {
            // Answered, not retried: the gateway would only send the same news again. The booking's own state
            // (a refund of a payment that came too late, say) already says what happened.
            logger.info("webhook \(webhook.event) handled without effect: \(error)")
            return .ignored
        }
        return .applied
    }

    public init(signatures: PaymentSignatures, checkout: Checkout, refunds: Refunds, logger: Logger) {
        self.signatures = signatures
        self.checkout = checkout
        self.refunds = refunds
        self.logger = logger
    }
}
