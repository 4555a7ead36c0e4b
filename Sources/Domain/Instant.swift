/// A moment, in milliseconds since 1970-01-01 UTC. The domain has no clock: every command carries the
/// instants it needs, so rules are testable with literal times.
public struct Instant: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(millisecondsSince1970: Int64) { self.rawValue = millisecondsSince1970 }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// This instant moved by `duration` (whole milliseconds).
    public func adding(_ duration: Duration) -> Instant {
        Instant(rawValue: rawValue + duration.milliseconds)
    }

    /// This instant moved back by `duration`.
    public func subtracting(_ duration: Duration) -> Instant {
        Instant(rawValue: rawValue - duration.milliseconds)
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(rawValue)ms" }
}

extension Duration {
    /// Whole milliseconds, rounded towards zero.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// A duration of whole minutes.
    public static func minutes(_ minutes: Int) -> Duration { .seconds(minutes * 60) }

    /// A duration of whole hours.
    public static func hours(_ hours: Int) -> Duration { .seconds(hours * 3600) }
}
