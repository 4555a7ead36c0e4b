/// A record's place in the whole log: gapless, starting at 1. Position 0 means "before the first record".
public struct GlobalPosition: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ value: UInt64) { self.rawValue = value }

    /// Before the first record: where a reader that wants everything starts.
    public static let start = GlobalPosition(0)
    /// The position right after this one.
    public var next: GlobalPosition { GlobalPosition(rawValue + 1) }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// An event's place inside its stream: 0 for the stream's first event, then contiguous.
public struct StreamVersion: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ value: UInt64) { self.rawValue = value }

    /// The version of a stream's first event.
    public static let first = StreamVersion(0)
    /// The version right after this one.
    public var next: StreamVersion { StreamVersion(rawValue + 1) }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// What the caller believes the stream's last version is; the append is refused when it is wrong.
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet (no events).
    case noStream
    /// The stream's last event must have exactly this version.
    case exact(StreamVersion)

    /// Whether a stream whose last version is `actual` (`nil`: no events) satisfies this expectation.
    public func isSatisfied(by actual: StreamVersion?) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == nil
        case .exact(let version): actual == version
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        }
    }
}
