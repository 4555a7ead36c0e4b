public import Foundation
import EventStore

/// Stable UUIDs from names, so retried work produces the same ids (FNV-1a over the name, twice, with version
/// bits set: not a cryptographic hash, only a deterministic one). Timers, accounts found by e-mail address and
/// passcode streams take their ids from here.
public enum DerivedID {
    public static func uuid(from name: String) -> UUID {
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        var low: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in name.utf8 {
            high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 ^ (high >> 29)
        }
        var bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x50
            raw[8] = (raw[8] & 0x3F) | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }

    /// The derived UUID as the lowercase string ids and stream names carry.
    public static func string(from name: String) -> String { uuid(from: name).lowercasedText }
}
