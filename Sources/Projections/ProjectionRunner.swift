import CompactCoding
import DomainEvents
public import EventStore
import Foundation
import LMDB
import Synchronization

/// Where a running projection has got to, whatever its view type (for metrics and status).
public protocol ProjectionProgress: Sendable {
    /// The projection's name (its checkpoint identity).
    var projectionName: String { get }
    /// The last log position applied.
    var position: GlobalPosition { get }
}

/// Keeps one projection up to date: catches up from its checkpoint, then follows the log live. Each batch of
/// records is applied in one LMDB write transaction together with the new checkpoint, so a crash never applies
/// a record twice or skips one. A projection whose version changed is rebuilt from position 0.
public final class ProjectionRunner<P: Projection>: ProjectionProgress {
    let projection: P
    let log: any EventLog
    let store: ProjectionStore
    let tables: ViewTables
    let batchSize: Int
    /// Where the views are, and which generation of them this runner writes.
    private let reached: Mutex<(position: GlobalPosition, generation: UInt64, waiters: [(GlobalPosition, CheckedContinuation<Void, Never>)])>

    public init(_ projection: P, log: any EventLog, store: ProjectionStore, batchSize: Int = 2000) throws(EventStoreError) {
        self.projection = projection
        self.log = log
        self.store = store
        self.batchSize = batchSize
        // Opened before any batch: LMDB opens named tables outside other transactions of the process.
        tables = try store.tables(P.name)
        let checkpoint = try store.checkpoint(of: P.name)
        let start = checkpoint?.version == P.version ? checkpoint!.position : .start
        reached = Mutex((start, try store.generation(of: P.name), []))
    }

    public var projectionName: String { P.name }

    /// The last position applied.
    public var position: GlobalPosition { reached.withLock { $0.position } }

    /// Applies everything the log holds now, then returns; used at start-up and by tests.
    public func catchUp() async throws {
        try await rebuildIfVersionChanged()
        while true {
            let page = try await log.read(from: position.next, limit: batchSize)
            guard !page.isEmpty else { return }
            do {
                try await apply(page)
            } catch is GenerationSwitched {
                try reload()
            }
        }
    }

    /// Catches up, then applies each new commit as it happens, until the task is cancelled or the log closes. A
    /// rebuild that switches the views to a new generation (from `tktplz projections rebuild`, even in another
    /// process) is followed: the runner picks up the new table at the rebuild's checkpoint and goes on from there.
    public func run() async throws {
        try await rebuildIfVersionChanged()
        while true {
            do {
                for try await page in log.subscribe(after: position, pageSize: batchSize) {
                    try Task.checkCancellation()
                    try await apply(page)
                }
                return
            } catch is GenerationSwitched {
                try reload()
            }
        }
    }
    /// Whether the projection applied `target` within `limit` (a stopped or lagging projection must not hang
    /// its readers).
    public func wait(until target: GlobalPosition, atMost limit: Duration) async -> Bool {
        if position >= target { return true }
        return await withTaskGroup(of: Bool.self) { group in
            // Re-checked after waking: a waiter abandoned by another reader's timeout wakes without the position.
            group.addTask { await self.wait(until: target); return self.position >= target }
            group.addTask { try? await Task.sleep(for: limit); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { self.abandon(target) }
            return first
        }
    }

    /// Wakes the waiters of `target` early (their caller gave up); they see `position` below it.
    private func abandon(_ target: GlobalPosition) {
        let dropped = reached.withLock { state -> [CheckedContinuation<Void, Never>] in
            let dropped = state.waiters.filter { $0.0 == target }.map(\.1)
            state.waiters.removeAll { $0.0 == target }
            return dropped
        }
        for waiter in dropped { waiter.resume() }
    }

    /// Returns once the projection has applied `target` (read-your-writes after a command).
    public func wait(until target: GlobalPosition) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = reached.withLock { state -> Bool in
                if state.position >= target { return true }
                state.waiters.append((target, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Folds a page into the views and moves the checkpoint, in one transaction; refuses (`GenerationSwitched`)
    /// if a rebuild switched the live table since this runner last looked.
    func apply(_ records: [RecordedEvent]) async throws {
        guard let last = records.last else { return }
        let (tables, checkpoints, generations, projection) = (tables, store.checkpoints, store.generations, projection)
        let expected = reached.withLock { $0.generation }
        let first = records[0].position
        try await store.writer.commit { txn in
            let live = try ViewTables.generation(of: P.name, in: txn, generations)
            guard live == expected else { throw GenerationSwitched() }
            // The views must stand exactly before this page: if they are already past it (a switch landed between
            // this runner's reads of checkpoint and generation), applying it again would count records twice.
            if let stored = try txn.get(checkpoints, key: Array(P.name.utf8)).flatMap(Checkpoint.init),
               stored.version == P.version, stored.position >= first {
                throw GenerationSwitched()
            }
            try Self.fold(records, with: projection, into: tables.table(for: live), txn)
            try txn.put(checkpoints, key: Array(P.name.utf8), value: Checkpoint(version: P.version, position: last.position).bytes)
        }
        advance(to: last.position)
    }

    /// Applies `records` to the views in `table` within `txn`: each record's change sees the earlier ones', and
    /// only the keys touched are read and written. The one fold of live batches and rebuilds alike.
    static func fold(_ records: [RecordedEvent], with projection: P, into table: Database, _ txn: WriteTransaction) throws {
        let batch = ViewBatch<P.View> { key in
            guard let bytes = try txn.get(table, key: Array(key.utf8)) else { return nil }
            return try ProjectionStore.decodeView(P.View.self, from: bytes)
        }
        for record in records {
            // A domain record whose payload does not decode stops the projection whatever its category (a codec
            // bug or a broken storage contract, never user input): folds get events, not payloads, so none can
            // say the record would not have concerned it. The rebuild pass does the same.
            try projection.fold(record, try DomainEvent.of(record), into: batch)
        }
        for (key, view) in batch.pending {
            if let view {
                try txn.put(table, key: Array(key.utf8), value: try ProjectionStore.encodeView(view))
            } else {
                try txn.delete(table, key: Array(key.utf8))
            }
        }
    }

    private func advance(to position: GlobalPosition) {
        let ready = reached.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.position = max(state.position, position)
            let ready = state.waiters.filter { $0.0 <= state.position }.map(\.1)
            state.waiters.removeAll { $0.0 <= state.position }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// After a switch: the new generation, from the checkpoint the rebuild wrote (never behind this runner's,
    /// since a rebuild switches only once it has caught up with the live checkpoint).
    private func reload() throws {
        let checkpoint = try store.checkpoint(of: P.name)
        let generation = try store.generation(of: P.name)
        reached.withLock { $0.generation = generation }
        advance(to: checkpoint?.version == P.version ? checkpoint!.position : .start)
    }

    /// A checkpoint written by another version of the fold means its views are stale: rebuild them into the other
    /// table while the stale ones are still served, then switch.
    private func rebuildIfVersionChanged() async throws {
        guard let checkpoint = try store.checkpoint(of: P.name), checkpoint.version != P.version else { return }
        _ = try await ProjectionRebuild(projection, log: log, store: store).run()
        try reload()
    }
}

/// The views moved under a batch on its way (a rebuild switched generations): reload and read again.
struct GenerationSwitched: Error {}
