public import EventStore
import DomainEvents
import Foundation
import LMDB

/// Rebuilds one projection from position 0 into its other view table while readers keep using the live one, then
/// switches: the generation and the checkpoint change in one transaction, so a reader sees the old views or the
/// new ones, never a mix. The switch waits until the rebuild has caught up with the live checkpoint (a live runner
/// may be writing the old table meanwhile, in this process or another), so nothing a reader saw goes back; a live
/// runner notices the switch at its next batch and continues on the new table from there.
public struct ProjectionRebuild<P: Projection>: Sendable {
    let projection: P
    let log: any EventLog
    let store: ProjectionStore
    let pageSize: Int

    /// How many views a rebuild holds in memory before it writes them out.
    let viewsInMemory: Int

    public init(_ projection: P, log: any EventLog, store: ProjectionStore, pageSize: Int = 5000, viewsInMemory: Int = 400_000) {
        self.projection = projection
        self.log = log
        self.store = store
        self.pageSize = pageSize
        self.viewsInMemory = viewsInMemory
    }

    /// Rebuilds and switches; returns the position the new views are at. `progress` hears the position reached
    /// and the log's head after each page.
    @discardableResult
    public func run(progress: (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
        try await RebuildPass([try part()], log: log, store: store, pageSize: pageSize).run(progress: progress)
    }

    /// This projection's share of a pass that rebuilds several at once.
    public func part() throws(EventStoreError) -> RebuildPart {
        RebuildPart(ProjectionRebuildPart(projection: projection, tables: try store.tables(P.name), from: try store.generation(of: P.name),
                                          store: store, limit: viewsInMemory))
    }
}

/// Several projections rebuilt in one pass over the log: each page is read once and folded by each of them in one
/// transaction, and the next page is read while the last one is written. Each switches on its own once it has
/// caught up with its live checkpoint.
public struct RebuildPass: Sendable {
    let parts: [RebuildPart]
    let log: any EventLog
    let store: ProjectionStore
    let pageSize: Int

    public init(_ parts: [RebuildPart], log: any EventLog, store: ProjectionStore, pageSize: Int = 5000) {
        self.parts = parts
        self.log = log
        self.store = store
        self.pageSize = pageSize
    }

    /// Rebuilds and switches every part; returns the position the last of them switched at.
    @discardableResult
    public func run(progress: (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
        let all = parts
        try await store.writer.commit { txn in for part in all { try part.prepare(txn) } }
        var pending = parts
        var position = GlobalPosition.start
        var page = try await read(after: position)
        while true {
            // Fold until the log has nothing more right now, in memory, reading (and decoding) each next page while
            // the parts fold the last; the views go to their tables only when a part holds many of them.
            while let last = page.records.last {
                let (records, events) = page
                async let next = read(after: last.position)
                try await Self.fold(records, events, into: pending)
                for part in pending where part.isFull() { try await flush(part) }
                position = last.position
                progress(position, try await log.head())
                page = try await next
            }
            for part in pending { try await flush(part) }
            let (waiting, reached) = (pending, position)
            let switched = try await store.writer.commitReturning { txn in try waiting.map { try $0.trySwitch(reached, txn) } }
            pending = zip(pending, switched).filter { !$0.1 }.map(\.0)
            if pending.isEmpty { return position }
            page = try await read(after: position)
        }
    }

    /// Folds a page into every part, the parts side by side: they share nothing (each holds its own views), and one
    /// task folding all nine in turn left the machine's other core to the read-ahead alone.
    private static func fold(_ records: [RecordedEvent], _ events: [DomainEvent?], into parts: [RebuildPart]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in parts { group.addTask { try part.fold(records, events) } }
            try await group.waitForAll()
        }
    }

    /// Writes what `part` holds into its table, in transactions of a bounded size (the table is not live yet, so
    /// nobody reads it half-written; a crash leaves it for the next rebuild to clear).
    private func flush(_ part: RebuildPart) async throws {
        guard !part.isEmpty() else { return }
        let rows = try await part.drain()
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerCommit) {
            let chunk = rows[start..<min(start + Self.rowsPerCommit, rows.count)]
            try await store.writer.commit { txn in try part.write(chunk, txn) }
        }
    }

    static let rowsPerCommit = 50_000

    /// The page after `position` with each record's domain event, decoded once for every part (and without the
    /// cache of decoded events, which a pass reading each record once would only fill).
    private func read(after position: GlobalPosition) async throws -> (records: [RecordedEvent], events: [DomainEvent?]) {
        let page = try await log.read(from: position.next, limit: pageSize)
        return (page, try page.map { record throws(EncodingFailure) in try DomainEvent.decoded(record) })
    }
}

/// One projection's share of a rebuild pass: its work, as closures that call it directly. They are made where the
/// projection's type is known (`init` is specialised for each), so they run code specialised for its views; calls
/// through an `any RebuildWork` ran the generic code, which copied, hashed and encoded every view through its type's
/// metadata and dynamic casts (two fifths of a rebuild's instructions, counted with callgrind).
public struct RebuildPart: Sendable {
    public let name: String
    let prepare: @Sendable (WriteTransaction) throws -> Void
    let fold: @Sendable ([RecordedEvent], [DomainEvent?]) throws -> Void
    let isFull: @Sendable () -> Bool
    let isEmpty: @Sendable () -> Bool
    let drain: @Sendable () async throws -> [ViewRow]
    let write: @Sendable (ArraySlice<ViewRow>, WriteTransaction) throws -> Void
    let trySwitch: @Sendable (GlobalPosition, WriteTransaction) throws -> Bool

    init<Work: RebuildWork>(_ work: Work) {
        name = work.name
        prepare = { txn in try work.prepare(txn) }
        fold = { records, events in try work.fold(records, events) }
        isFull = { work.isFull }
        isEmpty = { work.isEmpty }
        drain = { try await work.drain() }
        write = { rows, txn in try work.write(rows, txn) }
        trySwitch = { reached, txn in try work.trySwitch(at: reached, txn) }
    }
}

/// A drained view: its key's bytes and its encoding (`nil`: removed). A struct, not a tuple: arrays of tuples were
/// destroyed element by element through the runtime's generic tuple witness (~450 instructions a row, callgrind).
struct ViewRow {
    let key: [UInt8]
    let value: [UInt8]?
}

/// What a part does: folds pages into views held in memory, and inside the pass's write transactions clears,
/// fills and switches its table.
protocol RebuildWork: Sendable {
    var name: String { get }
    /// Empties the other table, after checking nobody switched this projection meanwhile.
    func prepare(_ txn: WriteTransaction) throws
    /// Folds `records` (with their domain events, index by index) into the views held in memory.
    func fold(_ records: [RecordedEvent], _ events: [DomainEvent?]) throws
    /// Whether the views held should be written out now.
    var isFull: Bool { get }
    var isEmpty: Bool { get }
    /// The views held, encoded and in key order (`nil`: removed); they are forgotten, and read from the table
    /// after this.
    func drain() async throws -> [ViewRow]
    /// Writes drained rows into the table being rebuilt.
    func write(_ rows: ArraySlice<ViewRow>, _ txn: WriteTransaction) throws
    /// Switches to the rebuilt table at `reached`, unless the live views are further on (then: fold on).
    func trySwitch(at reached: GlobalPosition, _ txn: WriteTransaction) throws -> Bool
}

struct ProjectionRebuildPart<P: Projection>: RebuildWork {
    let projection: P
    let tables: ViewTables
    let from: UInt64
    let checkpoints: Database
    let generations: Database
    let views: RebuildViews<P.View>

    init(projection: P, tables: ViewTables, from: UInt64, store: ProjectionStore, limit: Int) {
        self.projection = projection
        self.tables = tables
        self.from = from
        checkpoints = store.checkpoints
        generations = store.generations
        let (environment, target) = (store.environment, tables.table(for: from + 1))
        views = RebuildViews(limit: limit) { key in
            try environment.read { txn in
                guard let bytes = try txn.get(target, key: Array(key.utf8)) else { return nil }
                return try ProjectionStore.decodeView(P.View.self, from: bytes)
            }
        }
    }

    var name: String { P.name }
    private var target: Database { tables.table(for: from + 1) }

    private func checkNotOvertaken(_ txn: WriteTransaction) throws {
        guard try ViewTables.generation(of: P.name, in: txn, generations) == from else { throw RebuildOvertaken(name: P.name) }
    }

    func prepare(_ txn: WriteTransaction) throws {
        try checkNotOvertaken(txn)
        try txn.clear(target)
    }

    func fold(_ records: [RecordedEvent], _ events: [DomainEvent?]) throws {
        let batch = views.batchForFolding
        for (record, event) in zip(records, events) {
            try projection.fold(record, event, into: batch)
        }
    }

    var isFull: Bool { views.isFull }
    var isEmpty: Bool { views.isEmpty }

    func drain() async throws -> [ViewRow] { try await views.drain() }

    func write(_ rows: ArraySlice<ViewRow>, _ txn: WriteTransaction) throws {
        try checkNotOvertaken(txn)
        // Rows come in key order. Those after the table's last key are appended (`MDB_APPEND`: no descent of the
        // tree and pages filled, not split): all of them on a rebuild's first flush into its empty table.
        var last = try txn.withCursor(target) { cursor in try cursor.last().map { Array($0.key) } }
        for row in rows {
            if let value = row.value {
                let after = last.map { KeyOrder.precedes($0, row.key) } ?? true
                try txn.put(target, key: row.key, value: value, flags: after ? .append : [])
                if after { last = row.key }
            } else {
                try txn.delete(target, key: row.key)
            }
        }
    }

    func trySwitch(at reached: GlobalPosition, _ txn: WriteTransaction) throws -> Bool {
        try checkNotOvertaken(txn)
        if let live = try txn.get(checkpoints, key: Array(P.name.utf8)).flatMap(Checkpoint.init), live.version == P.version, live.position > reached {
            return false
        }
        try ViewTables.setGeneration(from + 1, of: P.name, in: txn, generations)
        try txn.put(checkpoints, key: Array(P.name.utf8), value: Checkpoint(version: P.version, position: reached).bytes)
        return true
    }
}

/// Another rebuild of the same projection switched generations first.
public struct RebuildOvertaken: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "another rebuild of \(name) switched its views first; nothing of this one was used" }
}
