public import EventStore
public import Foundation
public import Logging
import PostgresNIO

/// The event log on PostgreSQL, for deployments that outgrow one machine: the same contract as the LMDB log, shared
/// by several nodes. Every write transaction first locks the one row that holds the log's head, so positions are
/// handed out in commit order and without gaps, across nodes (a reader at "after N" can never miss a record that
/// commits later with a smaller position: there is none). The lock is why one node batches its concurrent writes
/// into one transaction (`PostgresWriter`), as the LMDB writer does: the ordered log's commit rate is the limit, and
/// each commit carries as many appends as are waiting, written by one server-side function call
/// (`PostgresBatchFunction`).
///
/// Records are stored as the very bytes the LMDB log stores (`RecordEncoding`, with the same SHA-256 chain), so an
/// export, a verify or a copy means the same on both backends.
public final class PostgresEventLog: EventLog, Sendable {
    /// How to reach the database.
    public struct Configuration: Sendable {
        /// `postgres://user[:password]@host[:port]/database`.
        public var url: String
        /// The schema holding the log's tables (created when missing): several logs may share a database.
        public var schema: String
        /// Connections this node opens at most (writes take one; reads and the listener the rest).
        public var maximumConnections: Int
        /// The clock that stamps `recordedAt`.
        public var now: @Sendable () -> Date

        public init(url: String, schema: String = "tktplz", maximumConnections: Int = 16, now: @escaping @Sendable () -> Date = { Date() }) {
            self.url = url
            self.schema = schema
            self.maximumConnections = maximumConnections
            self.now = now
        }
    }

    let client: PostgresClient
    let tables: PostgresTables
    let logger: Logger
    let writer: PostgresWriter
    let headChanges: Broadcast<GlobalPosition>
    /// The newest records, which this node's followers read without asking the database.
    let recent = RecentRecords()
    let scheduleChange: Broadcast<Void>
    /// The connection pool, the writer's loop and the listener.
    private let running: Task<Void, Never>
    private let writing: Task<Void, Never>
    private let listening: Task<Void, Never>
    /// Where the log is, without the password.
    public let description: String
    /// The keys of personal data, in the log's schema beside it.
    public let personalKeys: PostgresKeyStore

    /// Connects, creates the tables when missing and starts the writer and the listener.
    public static func open(_ configuration: Configuration, logger: Logger = Logger(label: "tktplz.postgres")) async throws(EventStoreError) -> PostgresEventLog {
        let connection = try PostgresURL(configuration.url)
        let tables = try PostgresTables(schema: configuration.schema)
        var options = PostgresClient.Configuration(host: connection.host, port: connection.port, username: connection.user,
                                                   password: connection.password, database: connection.database, tls: .disable)
        options.options.maximumConnections = max(2, configuration.maximumConnections)
        let client = PostgresClient(configuration: options, backgroundLogger: logger)
        // Started immediately, so the client counts as running before the first query leases a connection
        // (postgres-nio warns of a lease before `run()` otherwise).
        let running = Task.immediate { await client.run() }
        do {
            try await PostgresSchema.create(tables, on: client, logger: logger)
            let head = try await PostgresReads(client: client, tables: tables).head()
            return PostgresEventLog(client: client, tables: tables, head: head, running: running, now: configuration.now,
                                    logger: logger, description: connection.redacted,
                                    personalKeys: PostgresKeyStore(url: connection, tables: tables, logger: logger))
        } catch {
            running.cancel()
            throw PostgresFailure.wrap(error, while: "opening the log at \(connection.redacted)")
        }
    }

    private init(client: PostgresClient, tables: PostgresTables, head: GlobalPosition, running: Task<Void, Never>,
                 now: @escaping @Sendable () -> Date, logger: Logger, description: String, personalKeys: PostgresKeyStore) {
        self.client = client
        self.personalKeys = personalKeys
        self.tables = tables
        self.logger = logger
        self.description = description
        let headChanges = Broadcast(head)
        let scheduleChange = Broadcast<Void>(())
        self.headChanges = headChanges
        self.scheduleChange = scheduleChange
        writer = PostgresWriter(client: client, tables: tables, recent: recent, now: now, logger: logger) { head, scheduleChanged in
            if let head, head > headChanges.current { headChanges.publish(head) }
            if scheduleChanged { scheduleChange.publish(()) }
        }
        let listener = PostgresListener(client: client, tables: tables, logger: logger, heads: headChanges, schedule: scheduleChange)
        self.running = running
        writing = Task { [writer] in await writer.run() }
        listening = Task { await listener.run() }
    }

    /// Stops taking writes, lets the batch in flight finish, then ends subscriptions and disconnects.
    public func close() {
        personalKeys.close()
        writer.close()
        headChanges.finish()
        scheduleChange.finish()
        let (running, writing, listening) = (running, writing, listening)
        Task {
            await writing.value
            listening.cancel()
            running.cancel()
        }
    }

    deinit { close() }

    public var commitStatistics: (commits: Int, requests: Int) {
        let statistics = writer.statistics
        return (statistics.commits, statistics.requests)
    }

    /// How many of the commits were decided under the head row's lock rather than in one round trip (another node
    /// committed first twice, a check failed, or a request needed reads).
    public var lockedCommits: Int { writer.statistics.locked }

    /// Why batches went under the lock: calls that found another node's commit (`moved`, decided again), calls
    /// whose assumptions were wrong (`stale`), and batches with a request that needs reads (`needsLock`).
    public var commitDetours: (moved: Int, stale: Int, needsLock: Int) { writer.detours }

    /// Several nodes append to this log.
    public var isShared: Bool { true }

    nonisolated(nonsending) public func append(
        _ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion
    ) async throws(EventStoreError) -> AppendResult {
        try LMDBEventLog.validate(events, stream: stream)
        return try await writer.submit { .append(events, stream, expected, $0) }
    }

    nonisolated(nonsending) public func append(_ transaction: LogTransaction) async throws(EventStoreError) -> TransactionResult {
        try LMDBEventLog.validate(transaction)
        return try await writer.submit { .transaction(transaction, $0) }
    }

    public func schedule(_ event: ScheduledEvent) async throws(EventStoreError) {
        try LMDBEventLog.validate([event.event], stream: event.stream)
        try await writer.submit { .schedule(event, $0) }
    }

    public func cancelSchedule(_ id: ScheduleID) async throws(EventStoreError) -> Bool {
        try await writer.submit { .cancel(id, $0) }
    }

    public func appendDue(asOf now: Date, limit: Int) async throws(EventStoreError) -> [GlobalPosition] {
        try await writer.submit { .fireDue(now, limit, $0) }
    }

    public func read(stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await reads.stream(stream, from: version, direction: direction, limit: limit)
    }

    public func read(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await reads.page(from: position, limit: limit)
    }

    /// From the records this node keeps for its followers when they hold `position` (up to the newest of them),
    /// else from the database, keeping what it read.
    public func followPage(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        if let page = recent.page(from: position, limit: limit) { return page }
        let page = try await reads.page(from: position, limit: limit)
        recent.add(page)
        return page
    }

    public func version(of stream: StreamName) async throws(EventStoreError) -> StreamVersion? {
        try await reads.version(of: stream)
    }

    public func head() async throws(EventStoreError) -> GlobalPosition {
        try await reads.head()
    }

    public func nextDueTime() async throws(EventStoreError) -> Date? {
        try await reads.nextDueTime()
    }

    public func heads() -> AsyncStream<GlobalPosition> { headChanges.values() }

    public func scheduleChanges() -> AsyncStream<Void> { scheduleChange.values() }

    private var reads: PostgresReads { PostgresReads(client: client, tables: tables) }
}
