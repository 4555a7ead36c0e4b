/// Appends to several streams, and events to schedule, that commit together or not at all: a booking flow that
/// touches a show, a new booking and a timer writes them in one durable commit, so no crash can leave one without
/// the others.
public struct LogTransaction: Sendable {
    /// One append per stream; each stream at most once.
    public var appends: [StreamAppend]
    /// Stored (or moved, for an id already scheduled) only if the appends are written.
    public var schedules: [ScheduledEvent]

    public init(appends: [StreamAppend], schedules: [ScheduledEvent] = []) {
        self.appends = appends
        self.schedules = schedules
    }
}

/// Events for one stream of a transaction, with the version the stream must be at.
public struct StreamAppend: Sendable {
    public var stream: StreamName
    public var events: [NewEvent]
    public var expected: ExpectedVersion

    public init(_ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion) {
        self.stream = stream
        self.events = events
        self.expected = expected
    }
}

/// The outcome of a transaction: every append written (or, for a retry, found written before), in the order
/// given, or the first expected version that did not hold, in which case nothing was written.
public enum TransactionResult: Sendable, Equatable {
    case appended([Appended])
    case conflict(VersionConflict)

    /// Where the transaction's last record landed, or `nil` for a conflict.
    public var lastPosition: GlobalPosition? {
        if case .appended(let appended) = self { appended.map(\.lastPosition).max() } else { nil }
    }
}
