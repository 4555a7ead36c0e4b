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
    /// The stream's last event must have exactly this version and be this event. For a decision taken on an
    /// append that is still in flight: on a log other nodes write too, a version alone cannot tell that append
    /// from another node's event that took the same version first, so the decision names the event it follows.
    case exactEvent(StreamVersion, EventID)

    /// Whether a stream whose last version is `actual` (`nil`: no events) satisfies this expectation's version;
    /// an expectation that names an event (`namedEvent`) also needs the stream's last event to be that one.
    public func isSatisfied(by actual: StreamVersion?) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == nil
        case .exact(let version), .exactEvent(let version, _): actual == version
        }
    }

    /// The event the stream's last event must be, if this expectation names one.
    public var namedEvent: EventID? {
        if case .exactEvent(_, let event) = self { return event }
        return nil
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        case .exactEvent(let version, let event): "version \(version) (event \(event))"
        }
    }
}
