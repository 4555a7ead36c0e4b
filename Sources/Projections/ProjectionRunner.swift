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
    let log: LMDBEventLog
    let store: ProjectionStore
    let table: Database
    let batchSize: Int
    private let reached: Mutex<(position: GlobalPosition, waiters: [(GlobalPosition, CheckedContinuation<Void, Never>)])>

    public init(_ projection: P, log: LMDBEventLog, store: ProjectionStore, batchSize: Int = 2000) throws(EventStoreError) {
        self.projection = projection
        self.log = log
        self.store = store
        self.batchSize = batchSize
        // Opened before any batch: LMDB opens named tables outside other transactions of the process.
        table = try store.table(P.name)
        let checkpoint = try store.checkpoint(of: P.name)
        let start = checkpoint?.version == P.version ? checkpoint!.position : .start
        reached = Mutex((start, []))
    }

    public var projectionName: String { P.name }

    /// The last position applied.
    public var position: GlobalPosition { reached.withLock { $0.position } }

    /// Applies everything the log holds now, then returns; used at start-up and by tests.
    public func catchUp() async throws {
        try await resetIfVersionChanged()
        while true {
            let page = try await log.read(from: position.next, limit: batchSize)
            guard !page.isEmpty else { return }
            try await apply(page)
        }
    }

    /// Catches up, then applies each new commit as it happens, until the task is cancelled or the log closes.
    public func run() async throws {
        try await resetIfVersionChanged()
        for try await page in log.subscribe(after: position, pageSize: batchSize) {
            try Task.checkCancellation()
            try await apply(page)
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

    /// Folds a page into the views and moves the checkpoint, in one transaction.
    func apply(_ records: [RecordedEvent]) async throws {
        guard let last = records.last else { return }
        let (table, checkpoints, projection) = (table, store.checkpoints, projection)
        try await store.writer.commit { txn in
            let batch = ViewBatch<P.View> { key in
                guard let bytes = try txn.get(table, key: Array(key.utf8)) else { return nil }
                return try ProjectionStore.decoder.decode(P.View.self, from: Data(bytes))
            }
            for record in records {
                guard let change = try projection.fold(record) else { continue }
                try change.apply(batch)
            }
            for (key, view) in batch.pending {
                if let view {
                    try txn.put(table, key: Array(key.utf8), value: Array(ProjectionStore.encoder.encode(view)))
                } else {
                    try txn.delete(table, key: Array(key.utf8))
                }
            }
            try txn.put(checkpoints, key: Array(P.name.utf8), value: Checkpoint(version: P.version, position: last.position).bytes)
        }
        let ready = reached.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.position = last.position
            let ready = state.waiters.filter { $0.0 <= last.position }.map(\.1)
            state.waiters.removeAll { $0.0 <= last.position }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// A checkpoint written by another version of the fold means its views are stale: start over.
    private func resetIfVersionChanged() async throws {
        let checkpoint = try store.checkpoint(of: P.name)
        guard let checkpoint, checkpoint.version != P.version else { return }
        let (table, checkpoints) = (table, store.checkpoints)
        try await store.writer.commit { txn in
            try txn.clear(table)
            try txn.delete(checkpoints, key: Array(P.name.utf8))
        }
        reached.withLock { $0.position = .start }
    }
}
