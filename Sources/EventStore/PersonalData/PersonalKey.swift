public import Crypto
public import Foundation

/// One subject's key for its personal data, kept outside the log (`PersonalKeyStore`). Its id travels with every
/// box sealed under it, so a box sealed under a key since destroyed stays unreadable even after the subject gets a
/// new key (an erased customer who signs up again).
public struct PersonalKey: Sendable, Equatable {
    /// 16 random bytes.
    public let id: [UInt8]
    /// 32 random bytes (ChaCha20-Poly1305).
    public let material: [UInt8]

    /// The material as CryptoKit's key, made once (each box is sealed or opened with it).
    let symmetric: SymmetricKey

    public init(id: [UInt8], material: [UInt8]) {
        self.id = id
        self.material = material
        symmetric = SymmetricKey(data: material)
    }

    public static func == (a: PersonalKey, b: PersonalKey) -> Bool { a.id == b.id && a.material == b.material }

    /// A fresh key from the system's random source.
    public static func random() -> PersonalKey {
        var generator = SystemRandomNumberGenerator()
        return PersonalKey(id: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) },
                           material: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The 48 bytes a store keeps: the id, then the material.
    public var stored: Data { Data(id + material) }

    /// A key read back from `stored`, or `nil` for bytes that are not one (a torn or zeroed file).
    public init?(stored: some Collection<UInt8>) {
        guard stored.count == 48 else { return nil }
        let bytes = Array(stored)
        guard bytes.contains(where: { $0 != 0 }) else { return nil }
        self.init(id: Array(bytes[0..<16]), material: Array(bytes[16..<48]))
    }

}
