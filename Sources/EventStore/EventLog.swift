public import Foundation

/// The log's public surface: small enough that a second backend (PostgreSQL, for deployments that outgrow one
/// machine) can implement it without its callers changing. Nothing here names LMDB.
public protocol EventLog: Sendable {
    /// Appends `events` to `stream` if its last version matches `expected`; durable when it returns.
    /// Re-appending the same event ids returns the original positions and writes nothing.
    ///
    /// `nonisolated(nonsending)`: the request is handed to the writer on the caller's executor before the first
    /// suspension, so appends issued one after another by one actor reach the log in that order. A single writer
    /// per stream relies on this to pipeline its appends instead of waiting for each fsync.
    nonisolated(nonsending) func append(
        _ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion
    ) async throws(EventStoreError) -> AppendResult

    /// Appends to several streams and stores scheduled events in one durable commit, all or nothing: every
    /// expected version is checked before anything is written, and the first that does not hold is returned.
    /// Re-sending the same event ids returns the original positions and writes (and schedules) nothing.
    nonisolated(nonsending) func append(_ transaction: LogTransaction) async throws(EventStoreError) -> TransactionResult

    /// Up to `limit` events of `stream` starting at `version`, forwards or backwards.
    func read(
        stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int
    ) async throws(EventStoreError) -> [RecordedEvent]

    /// Up to `limit` records of the whole log starting at `position` (inclusive), in order.
    func read(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent]

    /// The last version of `stream`, or `nil` when it has no events.
    func version(of stream: StreamName) async throws(EventStoreError) -> StreamVersion?

    /// The last committed position (`.start` for an empty log).
    func head() async throws(EventStoreError) -> GlobalPosition

    /// Committed heads as they change, starting with the current one; only the newest is kept for a slow reader.
    func heads() -> AsyncStream<GlobalPosition>

    /// Stores `event` to be appended when it falls due; the same id again moves it.
    func schedule(_ event: ScheduledEvent) async throws(EventStoreError)

    /// Removes a scheduled event; `false` if it had already fired or never existed.
    func cancelSchedule(_ id: ScheduleID) async throws(EventStoreError) -> Bool

    /// Appends every scheduled event due by `now` (at most `limit`), each exactly once; returns their positions.
    func appendDue(asOf now: Date, limit: Int) async throws(EventStoreError) -> [GlobalPosition]

    /// The earliest pending due time, if any.
    func nextDueTime() async throws(EventStoreError) -> Date?

    /// Signals each change to the schedule (a new, moved, cancelled or fired event), newest only.
    func scheduleChanges() -> AsyncStream<Void>

    /// A page for a live subscription (`LogSubscription`), which reads on while the head is past it: like
    /// `read(from:limit:)`, but it may end before `limit` although more records follow (a log over the network
    /// answers from the records it keeps for its followers, `PostgresEventLog`).
    func followPage(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent]

    /// Whether other processes append to this log as a matter of course (several nodes over PostgreSQL). An
    /// expected version then tells "the stream is at v" but not whose event v is, so a writer deciding on appends
    /// of its own still in flight names the event it follows (`ExpectedVersion.exactEvent`, see `CommandHandler`).
    var isShared: Bool { get }

    /// Group-commit counters since the log opened: write transactions committed and the append requests they
    /// carried (for metrics).
    var commitStatistics: (commits: Int, requests: Int) { get }
}

extension EventLog {
    /// One process writes an embedded log; tools beside it are the exception, and are detected by conflicts.
    public var isShared: Bool { false }

    public func followPage(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await read(from: position, limit: limit)
    }

    /// A live subscription: every record after `position`, then each new one as it commits, in order, once.
    public func subscribe(after position: GlobalPosition, pageSize: Int = 1024) -> LogSubscription {
        LogSubscription(log: self, after: position, pageSize: pageSize)
    }

    /// Appends one event.
    nonisolated(nonsending) public func append(
        _ event: NewEvent, to stream: StreamName, expecting expected: ExpectedVersion
    ) async throws(EventStoreError) -> AppendResult {
        try await append([event], to: stream, expecting: expected)
    }
}
