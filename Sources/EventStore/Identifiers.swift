public import Foundation

/// Identity of one event, chosen by the caller so that a retried append is recognised and written once.
public struct EventID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(rawValue: UUID) { self.rawValue = rawValue }
    public init(_ value: UUID) { self.rawValue = value }
    public var description: String { rawValue.lowercasedText }
}

extension UUID {
    /// The UUID as ids and stream names carry it: 36 lowercase characters, hyphens at 8, 13, 18 and 23. Written by
    /// hand: `uuidString.lowercased()` formatted through `vfprintf` and then lowercased, ~7,000 instructions for
    /// every booking id a hold mints (callgrind), where this takes a few hundred.
    public var lowercasedText: String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = digits.utf8Start[Int(byte >> 4)]
                    out[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// A random (version 4) UUID. `UUID()` on Linux opens and reads /dev/urandom on every call (measured at
    /// ~20 % of a busy appender's time); this one draws from a pool refilled by one `getrandom` per 256 ids.
    public static func random() -> UUID {
        var bytes = RandomPool.shared.next16()
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40
            raw[8] = (raw[8] & 0x3F) | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}

extension UUID {
    /// A time-ordered (version 7) UUID: the Unix time in milliseconds in its first 48 bits, then random bits (from
    /// the same pool as `random()`). Ids made one after another sort near one another, so the logs' indexes by
    /// event id take each new id near their right edge instead of at a random page.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var bytes = RandomPool.shared.next16()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        return withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * UInt64(5 - index))) }
            raw[6] = (raw[6] & 0x0F) | 0x70
            raw[8] = (raw[8] & 0x3F) | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}

extension EventID {
    /// A fresh event id: time-ordered (`UUID.timeOrdered`), unique by its random bits.
    public static func random() -> EventID { EventID(UUID.timeOrdered()) }
}

/// Ties together every event caused by one request or workflow (message-db's `correlationStreamName` role).
public struct CorrelationID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(rawValue: UUID) { self.rawValue = rawValue }
    public init(_ value: UUID) { self.rawValue = value }
    public var description: String { rawValue.lowercasedText }
}

/// Identity of a scheduled event; scheduling the same id again moves it, cancelling removes it.
public struct ScheduleID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(rawValue: UUID) { self.rawValue = rawValue }
    public init(_ value: UUID) { self.rawValue = value }
    public var description: String { rawValue.lowercasedText }
}
