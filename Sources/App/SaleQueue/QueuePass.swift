public import Crypto
public import Domain
import Foundation

/// What an admitted customer holds with: the show, the customer and when it runs out, signed with HMAC-SHA256 so
/// that any node checks it without reading the queue. Written `base64url(show ␟ customer ␟ milliseconds) "."
/// base64url(mac)`.
public struct QueuePass: Sendable, Equatable {
    public var show: ShowID
    public var customer: CustomerID
    public var expiresAt: Instant

    public init(show: ShowID, customer: CustomerID, expiresAt: Instant) {
        self.show = show
        self.customer = customer
        self.expiresAt = expiresAt
    }

    private static let separator = "\u{1F}"

    public func signed(with key: SymmetricKey) -> String {
        let payload = Data([show.rawValue, customer.rawValue, String(expiresAt.rawValue)].joined(separator: Self.separator).utf8)
        return Base64URL.encode(payload) + "." + Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: payload, using: key)))
    }

    /// The pass `text` carries, if its signature is `key`'s.
    public static func verified(_ text: String, with key: SymmetricKey) -> QueuePass? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(parts[0]), let mac = Base64URL.decode(parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
              let fields = String(data: payload, encoding: .utf8)?.components(separatedBy: separator), fields.count == 3,
              let milliseconds = Int64(fields[2]) else { return nil }
        return QueuePass(show: ShowID(fields[0]), customer: CustomerID(fields[1]), expiresAt: Instant(millisecondsSince1970: milliseconds))
    }
}
