public import Crypto
public import Domain
public import Foundation

/// Each endpoint's signing secret, and the signature of each delivery, as the payment gateways sign theirs:
/// `TktPlz-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`. A receiver
/// recomputes it and refuses an old timestamp, so a captured delivery cannot be replayed later.
///
/// Secrets are not stored anywhere, the log included (a log export would carry them): each is derived from the
/// server's `WEBHOOK_SECRET_KEY` and the endpoint's id, so it is the same after a restart and on every node, and
/// a new key changes all of them.
public struct WebhookSigning: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// The secret the endpoint's organizer verifies deliveries with: 43 characters of base64url.
    public func secret(of webhook: WebhookID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("tktplz-webhook:\(webhook.rawValue)".utf8), using: key)
        return Base64URL.encode(Data(mac))
    }

    /// The `TktPlz-Signature` header of `body` sent to `webhook` at `time`.
    public func signature(of body: Data, to webhook: WebhookID, at time: Date) -> String {
        let seconds = Int64(time.timeIntervalSince1970)
        var signed = Data("\(seconds).".utf8)
        signed.append(body)
        return "t=\(seconds),v1=\(HexMAC.sign(signed, key: SymmetricKey(data: Data(secret(of: webhook).utf8))))"
    }
}
