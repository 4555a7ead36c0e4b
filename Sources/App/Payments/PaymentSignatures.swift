public import Crypto
public import Domain
public import Foundation

/// Razorpay's two signatures: HMAC-SHA256 in lowercase hex of `order_id|payment_id` under the key secret (what a
/// checkout returns), and of a webhook's raw body under the webhook secret. Checked in constant time.
public struct PaymentSignatures: Sendable {
    private let keySecret: SymmetricKey
    private let webhookSecret: SymmetricKey

    public init(keySecret: String, webhookSecret: String) {
        self.keySecret = SymmetricKey(data: Data(keySecret.utf8))
        self.webhookSecret = SymmetricKey(data: Data(webhookSecret.utf8))
    }

    public func payment(order: OrderID, payment: PaymentID) -> String {
        HexMAC.sign(Data("\(order.rawValue)|\(payment.rawValue)".utf8), key: keySecret)
    }

    public func isValidPayment(order: OrderID, payment: PaymentID, signature: String) -> Bool {
        HexMAC.isValid(signature, of: Data("\(order.rawValue)|\(payment.rawValue)".utf8), key: keySecret)
    }

    public func webhook(body: some DataProtocol) -> String {
        HexMAC.sign(body, key: webhookSecret)
    }

    /// Over the bytes exactly as received: a body parsed and written out again is not what was signed.
    public func isValidWebhook(body: some DataProtocol, signature: String) -> Bool {
        HexMAC.isValid(signature, of: body, key: webhookSecret)
    }
}
