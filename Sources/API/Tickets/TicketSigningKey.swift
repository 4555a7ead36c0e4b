import Crypto
import EventStore
import Foundation
import Logging

/// The Ed25519 key tickets are signed with: `TICKET_SIGNING_KEY` (the 32-byte private key, base64), else a
/// development key kept in the shared files (`DevelopmentKey`).
enum TicketSigningKey {
    static func resolve(environment: [String: String], storage: any SharedStorage, logger: Logger) async throws -> Curve25519.Signing.PrivateKey {
        let raw = try await DevelopmentKey.resolve(setting: "TICKET_SIGNING_KEY", file: "ticket-signing.key", purpose: "tickets are signed",
                                                   environment: environment, storage: storage, logger: logger)
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }
}

/// A configured setting is unusable.
struct SettingRefused: Error, CustomStringConvertible {
    let name: String
    let reason: String
    var description: String { "\(name) \(reason)" }
}
