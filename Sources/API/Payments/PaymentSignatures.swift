import Crypto
import Domain
import Foundation

/// Razorpay's two signatures: HMAC-SHA256 in lowercase hex of `order_id|payment_id` under the key secret (what a
/// checkout returns), and of a webhook's raw body under the webhook secret. Checked in constant time.
struct PaymentSignatures: Sendable {
    private let keySecret: SymmetricKey
    private let webhookSecret: SymmetricKey

    init(keySecret: String, webhookSecret: String) {
        self.keySecret = SymmetricKey(data: Data(keySecret.utf8))
        self.webhookSecret = SymmetricKey(data: Data(webhookSecret.utf8))
    }

    func payment(order: OrderID, payment: PaymentID) -> String {
        Self.hex(HMAC<SHA256>.authenticationCode(for: Data("\(order.rawValue)|\(payment.rawValue)".utf8), using: keySecret))
    }

    func isValidPayment(order: OrderID, payment: PaymentID, signature: String) -> Bool {
        guard let mac = Self.bytes(hex: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data("\(order.rawValue)|\(payment.rawValue)".utf8), using: keySecret)
    }

    func webhook(body: some DataProtocol) -> String {
        Self.hex(HMAC<SHA256>.authenticationCode(for: body, using: webhookSecret))
    }

    /// Over the bytes exactly as received: a body parsed and written out again is not what was signed.
    func isValidWebhook(body: some DataProtocol, signature: String) -> Bool {
        guard let mac = Self.bytes(hex: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: webhookSecret)
    }

    private static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String {
        code.map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes of a 64-digit hex string; anything else is no signature at all.
    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < digits.count {
            guard let high = value(of: digits[index]), let low = value(of: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
