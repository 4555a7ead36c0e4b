import EventStore
import Foundation
import Logging

/// A key a setting names in production (32 bytes, base64) which development makes on first start and keeps in the
/// shared files (`keys/NAME`), with a warning: a key beside the data it protects is fine on a laptop, not in
/// production. Kept in the shared files, every node over one log uses the same key; two nodes starting at once
/// both end up with the one stored first.
enum DevelopmentKey {
    static func resolve(setting: String, file: String, purpose: String, environment: [String: String], storage: any SharedStorage,
                        logger: Logger) async throws -> Data {
        if let configured = environment[setting], !configured.isEmpty {
            guard let raw = Data(base64Encoded: configured), raw.count == 32 else {
                throw SettingRefused(name: setting, reason: "must be 32 bytes in base64")
            }
            return raw
        }
        let name = try SharedFileName(folder: "keys", file: file)
        logger.warning("\(setting) is not set: \(purpose) with a development key kept as \(name) beside the log. Set \(setting) (32 bytes, base64) in production.")
        var made = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in made.indices { made[index] = generator.next() }
        // The stored key wins over the one just made; never replaced when unreadable: a new key would void every
        // ticket issued or lock every admin out.
        let stored = try await storage.store(Data(Data(made).base64EncodedString().utf8), as: name)
        guard let raw = Data(base64Encoded: stored), raw.count == 32 else {
            throw SettingRefused(name: setting, reason: "is not set and \(name) does not hold a 32-byte base64 key")
        }
        return raw
    }
}
