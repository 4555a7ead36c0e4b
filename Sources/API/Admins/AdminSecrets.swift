import Crypto
import EventStore
import Foundation
import HummingbirdBcrypt
import Logging

/// What admin credentials are made of: passwords hashed with bcrypt (a slow KDF), TOTP secrets sealed with
/// AES-GCM under the server's key before they reach the log (the log is exported and backed up), and fresh
/// secrets and invite tokens from the system's random source.
struct AdminSecrets: Sendable {
    private let sealKey: SymmetricKey
    /// bcrypt's cost: 2^cost rounds. 11 takes ~0.1 s here: slow for a guesser, quick enough for a person.
    let cost: UInt8

    /// A hash of nothing anyone knows, at the usual cost, checked when an address has no admin behind it. Made
    /// on first need (a static is initialised lazily, once), not at every start.
    static let decoyHash = Bcrypt.hash(newToken(), cost: 11)

    init(sealKey: SymmetricKey, cost: UInt8 = 11) {
        self.sealKey = sealKey
        self.cost = cost
    }

    func hashPassword(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    func verifyPassword(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: sealKey).combined else { throw SealingFailed() }
        return combined.base64EncodedString()
    }

    func unseal(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw SealingFailed() }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: sealKey), as: UTF8.self)
    }

    /// A TOTP secret: 20 characters from a 62-letter alphabet (119 bits), used as the HMAC key's bytes.
    static func newTOTPSecret() -> String { randomString(count: 20) }

    /// A single-use invite token: 32 random bytes in hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    static func hashToken(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func randomString(count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    /// `ADMIN_SEAL_KEY` (32 bytes, base64), else a development key kept in the shared files (`DevelopmentKey`).
    static func sealKey(environment: [String: String], storage: any SharedStorage, logger: Logger) async throws -> SymmetricKey {
        SymmetricKey(data: try await DevelopmentKey.resolve(setting: "ADMIN_SEAL_KEY", file: "admin-seal.key",
                                                            purpose: "admins' TOTP secrets are sealed", environment: environment,
                                                            storage: storage, logger: logger))
    }
}

struct SealingFailed: Error {}
