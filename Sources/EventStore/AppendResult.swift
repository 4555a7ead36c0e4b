/// The outcome of an append: written (or already written by an earlier try), or refused for a version conflict.
public enum AppendResult: Sendable, Equatable {
    case appended(Appended)
    case conflict(VersionConflict)

    /// The positions, or `nil` for a conflict.
    public var appended: Appended? {
        if case .appended(let appended) = self { return appended }
        return nil
    }
}

/// Where an append's events landed.
public struct Appended: Sendable, Equatable {
    /// Position of the first event of the append.
    public var firstPosition: GlobalPosition
    /// Position of the last event; positions in between are contiguous.
    public var lastPosition: GlobalPosition
    /// The stream's version after the append (the last event's version).
    public var streamVersion: StreamVersion
    /// True when every event id was already in the log: a retry that wrote nothing.
    public var wasAlreadyAppended: Bool

    public init(
        firstPosition: GlobalPosition, lastPosition: GlobalPosition, streamVersion: StreamVersion,
        wasAlreadyAppended: Bool
    ) {
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
        self.streamVersion = streamVersion
        self.wasAlreadyAppended = wasAlreadyAppended
    }
}

/// An expected version that did not match: names the stream and both versions.
public struct VersionConflict: Sendable, Equatable, CustomStringConvertible {
    /// The stream appended to.
    public var stream: StreamName
    /// What the caller expected.
    public var expected: ExpectedVersion
    /// The stream's actual last version (`nil`: the stream has no events).
    public var actual: StreamVersion?

    public init(stream: StreamName, expected: ExpectedVersion, actual: StreamVersion?) {
        self.stream = stream
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        let found = actual.map { "version \($0)" } ?? "no stream"
        return "stream \(stream) expected \(expected) but is at \(found)"
    }
}
