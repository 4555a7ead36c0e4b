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

    public init(_ projection: P, log: any EventLog, store: ProjectionStore, pageSize: Int = 5000) {
        self.projection = projection
        self.log = log
        self.store = store
        self.pageSize = pageSize
    }

    /// Rebuilds and switches; returns the position the new views are at. `progress` hears the position reached
    /// and the log's head after each page.
    @discardableResult
    public func run(progress: (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
        try await RebuildPass([try part()], log: log, store: store, pageSize: pageSize).run(progress: progress)
    }

    /// This projection's share of a pass that rebuilds several at once.
    public func part() throws(EventStoreError) -> RebuildPart {
        RebuildPart(work: ProjectionRebuildPart(projection: projection, tables: try store.tables(P.name), from: try store.generation(of: P.name),
                                                checkpoints: store.checkpoints, generations: store.generations))
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
        try await store.writer.commit { txn in for part in all { try part.work.prepare(txn) } }
        var pending = parts
        var position = GlobalPosition.start
        var page = try await read(after: position)
        while true {
            // Fold until the log has nothing more right now, reading (and decoding) each next page while the writer
            // folds the last: the writer is one thread, so the other core takes the events' JSON.
            while let last = page.last {
                let (folding, records) = (pending, page)
                async let next = read(after: last.position)
                try await store.writer.commit { txn in for part in folding { try part.work.fold(records, txn) } }
                position = last.position
                progress(position, try await log.head())
                page = try await next
            }
            let (waiting, reached) = (pending, position)
            let switched = try await store.writer.commitReturning { txn in try waiting.map { try $0.work.trySwitch(at: reached, txn) } }
            pending = zip(pending, switched).filter { !$0.1 }.map(\.0)
            if pending.isEmpty { return position }
            page = try await read(after: position)
        }
    }

    private func read(after position: GlobalPosition) async throws -> [RecordedEvent] {
        let page = try await log.read(from: position.next, limit: pageSize)
        EventEncoding.warm(page)
        return page
    }
}

/// One projection's share of a rebuild pass.
public struct RebuildPart: Sendable {
    let work: any RebuildWork
    public var name: String { work.name }
}

/// What a part does, inside the pass's write transactions.
protocol RebuildWork: Sendable {
    var name: String { get }
    /// Empties the other table, after checking nobody switched this projection meanwhile.
    func prepare(_ txn: WriteTransaction) throws
    func fold(_ records: [RecordedEvent], _ txn: WriteTransaction) throws
    /// Switches to the rebuilt table at `reached`, unless the live views are further on (then: fold on).
    func trySwitch(at reached: GlobalPosition, _ txn: WriteTransaction) throws -> Bool
}

struct ProjectionRebuildPart<P: Projection>: RebuildWork {
    let projection: P
    let tables: ViewTables
    let from: UInt64
    let checkpoints: Database
    let generations: Database

    var name: String { P.name }
    private var target: Database { tables.table(for: from + 1) }

    private func checkNotOvertaken(_ txn: WriteTransaction) throws {
        guard try ViewTables.generation(of: P.name, in: txn, generations) == from else { throw RebuildOvertaken(name: P.name) }
    }

    func prepare(_ txn: WriteTransaction) throws {
        try checkNotOvertaken(txn)
        try txn.clear(target)
    }

    func fold(_ records: [RecordedEvent], _ txn: WriteTransaction) throws {
        try checkNotOvertaken(txn)
        try ProjectionRunner<P>.fold(records, with: projection, into: target, txn)
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
