public import Foundation
import LMDB
import Synchronization

/// The event log on LMDB: one environment (`DIR/events`), a group-committing writer thread, and
/// snapshot reads that never wait for the writer.
public final class LMDBEventLog: EventLog, @unchecked Sendable {
    /// How to open the log.
    public struct Configuration: Sendable {
        /// The environment's directory.
        public var path: String
        /// `true` (the default): every acknowledged append is fsync'd. `false` skips the fsync (tests only:
        /// an operating-system crash may then lose recent appends; a process crash still loses nothing).
        public var durable: Bool
        /// Initial map size; the map doubles on its own when 80 % full.
        public var initialMapSize: Int
        /// The map never grows past this.
        public var maxMapSize: Int
        /// The clock that stamps `recordedAt` (injectable for tests).
        public var now: @Sendable () -> Date
        /// How many recent event ids are remembered to recognise retried appends (refilled from the log on open).
        public var retryWindow: Int
        /// For inspection tools (verify, dump, export), also while a server appends: no writer, nothing written
        /// on open, and the log must already exist.
        public var readOnly: Bool

        public init(
            path: String, durable: Bool = true, initialMapSize: Int = 256 << 20, maxMapSize: Int = 1 << 40,
            retryWindow: Int = 250_000, readOnly: Bool = false, now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.path = path
            self.readOnly = readOnly
            self.retryWindow = retryWindow
            self.durable = durable
            self.initialMapSize = initialMapSize
            self.maxMapSize = maxMapSize
            self.now = now
        }
    }

    let environment: Environment
    let layout: LogLayout
    let backlog: StreamIndexBacklog
    /// `nil` when opened read-only.
    let writer: GroupCommitWriter?
    private let headChanges: Broadcast<GlobalPosition>
    private let scheduleChange: Broadcast<Void>

    /// Opens (or creates) the log and starts its writer.
    public init(_ configuration: Configuration) throws(EventStoreError) {
        let environment: Environment
        let layout: LogLayout
        do {
            environment = try Environment(path: configuration.path, options: .init(
                mapSize: configuration.initialMapSize, maxDatabases: LogLayout.databaseCount + 2,
                durable: configuration.durable, readOnly: configuration.readOnly))
            // A map set smaller than the existing file is raised to the file's size by LMDB itself.
            layout = try LogLayout(environment: environment)
        } catch {
            throw EventStoreError(error, while: "opening the log at \(configuration.path)")
        }
        self.environment = environment
        self.layout = layout
        let tail: LogTail
        let recentIDs = RecentEventIDs(capacity: configuration.retryWindow)
        do {
            // Index entries that a crash or stop left unwritten are rebuilt from the log before any append.
            if !configuration.readOnly {
                try environment.write { txn in try LogReading.catchUpIndex(layout: layout, txn: txn) }
            }
            tail = try environment.read { txn in
                try LogReading.rememberRecentIDs(into: recentIDs, layout: layout, txn: txn)
                return try LogReading.tail(layout: layout, txn: txn)
            }
        } catch {
            throw EventStoreError.wrapping(error, while: "reading the end of the log")
        }
        // Read-only, the backlog stays empty and says so, so stream reads scan the log past the index's checkpoint.
        let backlog = StreamIndexBacklog(indexedThrough: configuration.readOnly ? .max : tail.head)
        self.backlog = backlog
        let headChanges = Broadcast(GlobalPosition(tail.head))
        let scheduleChange = Broadcast<Void>(())
        self.headChanges = headChanges
        self.scheduleChange = scheduleChange
        guard !configuration.readOnly else {
            writer = nil
            return
        }
        writer = GroupCommitWriter(
            environment: environment, layout: layout, tail: tail, recentIDs: recentIDs, backlog: backlog,
            maxMapSize: configuration.maxMapSize,
            now: configuration.now,
            onCommit: { head, scheduleChanged in
                headChanges.publish(GlobalPosition(head))
                if scheduleChanged { scheduleChange.publish(()) }
            })
    }

    /// Commits what is queued, stops the writer and ends subscriptions. Later calls fail with `.closed`.
    public func close() {
        writer?.close()
        headChanges.finish()
        scheduleChange.finish()
    }

    deinit { writer?.close() }

    /// Group-commit counters since the log opened: write transactions committed and the requests they carried.
    public var commitStatistics: (commits: Int, requests: Int) {
        (writer?.commitCount.load(ordering: .relaxed) ?? 0, writer?.requestCount.load(ordering: .relaxed) ?? 0)
    }

    /// The directory the log lives in.
    public var path: String { environment.path }

    nonisolated(nonsending) public func append(
        _ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion
    ) async throws(EventStoreError) -> AppendResult {
        try Self.validate(events, stream: stream)
        return try await submit { AppendWrite(events, to: stream, expected: expected, answer: $0) }
    }

    nonisolated(nonsending) public func append(_ transaction: LogTransaction) async throws(EventStoreError) -> TransactionResult {
        try Self.validate(transaction)
        return try await submit { TransactionWrite(transaction, answer: $0) }
    }

    public func schedule(_ event: ScheduledEvent) async throws(EventStoreError) {
        try Self.validate([event.event], stream: event.stream)
        try await submit { ScheduleWrite(event, answer: $0) }
    }

    public func cancelSchedule(_ id: ScheduleID) async throws(EventStoreError) -> Bool {
        try await submit { CancelScheduleWrite(id, answer: $0) }
    }

    public func appendDue(asOf now: Date, limit: Int = 1024) async throws(EventStoreError) -> [GlobalPosition] {
        try await submit { FireDueWrite(now: now, limit: limit, answer: $0) }
    }

    public func heads() -> AsyncStream<GlobalPosition> { headChanges.values() }

    public func scheduleChanges() -> AsyncStream<Void> { scheduleChange.values() }

    /// Hands a write to the writer thread and waits for its durable answer.
    nonisolated(nonsending) func submit<Value: Sendable>(
        _ make: (PendingAnswer<Value>) -> any BatchedWrite
    ) async throws(EventStoreError) -> Value {
        guard let writer else { throw EventStoreError(.closed, "the log at \(path) is open read-only") }
        let result = await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>) in
            writer.submit(make(PendingAnswer(continuation)))
        }
        return try result.get()
    }

    package static func validate(_ transaction: LogTransaction) throws(EventStoreError) {
        guard !transaction.appends.isEmpty else {
            throw EventStoreError(.invalidArgument, "a transaction has no appends (schedule events on their own instead)")
        }
        var streams = Set<StreamName>(minimumCapacity: transaction.appends.count)
        var ids = Set<EventID>()
        for append in transaction.appends {
            guard streams.insert(append.stream).inserted else {
                throw EventStoreError(.invalidArgument, "a transaction appends to \(append.stream) twice; give it one append")
            }
            try validate(append.events, stream: append.stream)
            for event in append.events where !ids.insert(event.id).inserted {
                throw EventStoreError(.eventIDReused, "event id \(event.id) appears twice in one transaction")
            }
        }
        for scheduled in transaction.schedules { try validate([scheduled.event], stream: scheduled.stream) }
    }

    package static func validate(_ events: [NewEvent], stream: StreamName) throws(EventStoreError) {
        guard !events.isEmpty else {
            throw EventStoreError(.invalidArgument, "an append to \(stream) has no events")
        }
        // A set only when there is something to compare: most appends carry one event.
        var ids = events.count > 1 ? Set<EventID>(minimumCapacity: events.count) : []
        for event in events {
            guard events.count == 1 || ids.insert(event.id).inserted else {
                throw EventStoreError(.eventIDReused, "event id \(event.id) appears twice in one append to \(stream)")
            }
            guard !event.type.isEmpty, event.type.utf8.count <= 255 else {
                throw EventStoreError(.invalidArgument, "an event type for \(stream) must be 1 to 255 bytes")
            }
            guard event.payload.count <= RecordEncoding.maxPayload else {
                throw EventStoreError(
                    .invalidArgument, "a payload for \(stream) is \(event.payload.count) bytes; the limit is \(RecordEncoding.maxPayload)")
            }
        }
    }
}
