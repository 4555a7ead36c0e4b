import App
import Crypto
import Domain
import Foundation

/// What a ticket's QR code says: which ticket, of which booking and show, admitting to what; signed with Ed25519
/// so a scanner holding only the published public key can tell a real ticket from a forged or altered one.
///
/// Written `tkt1.<claims>.<signature>`, both parts base64url without padding; the signature covers
/// `tkt1.<claims>` exactly as written.
struct TicketClaims: Codable, Sendable, Equatable {
    var ticket: TicketID
    var booking: BookingID
    var show: ShowID
    var admits: String

    enum CodingKeys: String, CodingKey {
        case ticket = "t", booking = "b", show = "s", admits = "a"
    }
}

/// Signs tickets and checks scanned tokens.
struct TicketSigner: Sendable {
    static let prefix = "tkt1."
    private let key: Curve25519.Signing.PrivateKey

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// The raw 32-byte public key, base64url: what offline scanners verify with.
    var publicKey: String { Base64URL.encode(key.publicKey.rawRepresentation) }

    func token(for claims: TicketClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signed = Self.prefix + Base64URL.encode(try encoder.encode(claims))
        return signed + "." + Base64URL.encode(try key.signature(for: Data(signed.utf8)))
    }

    /// The claims of a genuine token; anything else (malformed, altered, signed by another key) is refused.
    func verify(_ token: String) throws(TicketTokenRefused) -> TicketClaims {
        guard token.hasPrefix(Self.prefix), let dot = token.lastIndex(of: "."), dot > token.index(token.startIndex, offsetBy: 4) else {
            throw TicketTokenRefused()
        }
        let signed = token[..<dot]
        guard let signature = Base64URL.decode(token[token.index(after: dot)...]),
              key.publicKey.isValidSignature(signature, for: Data(signed.utf8)),
              let claims = Base64URL.decode(signed.dropFirst(Self.prefix.count)),
              let decoded = try? JSONDecoder().decode(TicketClaims.self, from: claims)
        else { throw TicketTokenRefused() }
        return decoded
    }
}

/// A token that is not a genuine TktPlz ticket.
struct TicketTokenRefused: Error {}
