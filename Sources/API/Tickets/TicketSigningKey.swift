import Crypto
import Foundation
import Logging

/// The Ed25519 key tickets are signed with: `TICKET_SIGNING_KEY` (the 32-byte private key, base64), else a key
/// generated on first start and kept in the data directory (`keys/ticket-signing.key`, readable by the owner
/// only), with a warning: a key beside the data it protects is fine on a laptop, not in production.
enum TicketSigningKey {
    static func resolve(environment: [String: String], dataDirectory: URL, logger: Logger) throws -> Curve25519.Signing.PrivateKey {
        if let configured = environment["TICKET_SIGNING_KEY"], !configured.isEmpty {
            guard let raw = Data(base64Encoded: configured), raw.count == 32 else {
                throw SettingRefused(name: "TICKET_SIGNING_KEY", reason: "must be 32 bytes in base64")
            }
            return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        }
        let file = dataDirectory.appendingPathComponent("keys/ticket-signing.key")
        logger.warning("TICKET_SIGNING_KEY is not set: tickets are signed with a development key kept at \(file.path). Set TICKET_SIGNING_KEY (32 bytes, base64) in production.")
        if FileManager.default.fileExists(atPath: file.path) {
            // Never replaced when unreadable: a new key would silently void every ticket already issued.
            guard let raw = Data(base64Encoded: try Data(contentsOf: file)), raw.count == 32 else {
                throw SettingRefused(name: "TICKET_SIGNING_KEY", reason: "is not set and \(file.path) does not hold a 32-byte base64 key")
            }
            return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        }
        let key = Curve25519.Signing.PrivateKey()
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(key.rawRepresentation.base64EncodedString().utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw SettingRefused(name: "TICKET_SIGNING_KEY", reason: "no key is set and none could be written to \(file.path)")
        }
        return key
    }
}

/// A configured setting is unusable.
struct SettingRefused: Error, CustomStringConvertible {
    let name: String
    let reason: String
    var description: String { "\(name) \(reason)" }
}
