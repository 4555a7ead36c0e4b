import Crypto
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

    /// `ADMIN_SEAL_KEY` (32 bytes, base64), else a key made on first start and kept in the data directory, with a
    /// warning: as with the ticket key, beside the data it protects is fine only on a laptop.
    static func sealKey(environment: [String: String], dataDirectory: URL, logger: Logger) throws -> SymmetricKey {
        if let configured = environment["ADMIN_SEAL_KEY"], !configured.isEmpty {
            guard let raw = Data(base64Encoded: configured), raw.count == 32 else {
                throw SettingRefused(name: "ADMIN_SEAL_KEY", reason: "must be 32 bytes in base64")
            }
            return SymmetricKey(data: raw)
        }
        let file = dataDirectory.appendingPathComponent("keys/admin-seal.key")
        logger.warning("ADMIN_SEAL_KEY is not set: admins' TOTP secrets are sealed with a development key kept at \(file.path). Set ADMIN_SEAL_KEY (32 bytes, base64) in production.")
        if FileManager.default.fileExists(atPath: file.path) {
            // Never replaced when unreadable: a new key would lock every admin out.
            guard let raw = Data(base64Encoded: try Data(contentsOf: file)), raw.count == 32 else {
                throw SettingRefused(name: "ADMIN_SEAL_KEY", reason: "is not set and \(file.path) does not hold a 32-byte base64 key")
            }
            return SymmetricKey(data: raw)
        }
        let key = SymmetricKey(size: .bits256)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() }
        guard FileManager.default.createFile(atPath: file.path, contents: Data(encoded.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SettingRefused(name: "ADMIN_SEAL_KEY", reason: "is not set and no key could be written to \(file.path)")
        }
        return key
    }
}

struct SealingFailed: Error {}
