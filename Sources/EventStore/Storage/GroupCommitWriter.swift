import Foundation
import LMDB
import Synchronization

/// The log's single writer: a dedicated thread that takes every request queued since its last commit,
/// applies them in one LMDB write transaction and answers them after the commit (fsync) returns.
///
/// While one commit is on disk, new requests pile up and ride the next one together: that is group commit.
/// A dedicated thread, not a task, because an LMDB write transaction must begin and end on one thread.
final class GroupCommitWriter: @unchecked Sendable {
    /// The largest batch taken at once, so one commit's dirty pages stay well within LMDB's limits.
    static let maxBatch = 8192
    /// Stream-index entries are written to the database once this many wait, or once the oldest has waited
    /// `indexFlushInterval` (see `StreamIndexBacklog` for why they wait at all).
    static let indexFlushEntries = 65_536
    static let indexFlushInterval = Duration.seconds(1)
    /// Batches smaller than this are worth waiting for stragglers (see `gatherStragglers`).
    static let worthGathering = 256

    private let environment: Environment
    private let layout: LogLayout
    private let now: @Sendable () -> Date
    private let maxMapSize: Int
    private let onCommit: @Sendable (_ head: UInt64, _ scheduleChanged: Bool) -> Void
    private let condition = NSCondition()
    private var pending: [any BatchedWrite] = []
    private var closed = false
    /// While the writer gathers a batch, the count at which it stops waiting (guarded by `condition`).
    private var gatherTarget = Int.max
    /// A decaying maximum of recent batch sizes: how many writers are usually in flight together.
    private var typicalBatch = 1.0
    /// How long the last commit took; the longest the writer waits for a batch to fill.
    private var lastCommit = Duration.zero
    private let finished = DispatchSemaphore(value: 0)
    /// Commits made and requests they carried, for metrics and benchmarks.
    let commitCount = Atomic<Int>(0)
    let requestCount = Atomic<Int>(0)

    // Owned by the writer thread after start-up.
    private var tail: LogTail
    private let recentIDs: RecentEventIDs
    private let backlog: StreamIndexBacklog
    private let heads = StreamHeads()
    private var unflushed: [IndexEntry] = []
    private var oldestUnflushed: ContinuousClock.Instant?
    private var indexedThrough: UInt64

    init(
        environment: Environment, layout: LogLayout, tail: LogTail, recentIDs: RecentEventIDs,
        backlog: StreamIndexBacklog, maxMapSize: Int, now: @escaping @Sendable () -> Date,
        onCommit: @escaping @Sendable (UInt64, Bool) -> Void
    ) {
        self.environment = environment
        self.layout = layout
        self.tail = tail
        self.recentIDs = recentIDs
        self.backlog = backlog
        self.indexedThrough = tail.head
        self.maxMapSize = maxMapSize
        self.now = now
        self.onCommit = onCommit
        let thread = Thread { [self] in run() }
        thread.name = "tktplz-log-writer"
        thread.start()
    }

    /// Queues a request; it is answered through its own continuation.
    func submit(_ write: any BatchedWrite) {
        condition.lock()
        if closed {
            condition.unlock()
            write.fail(EventStoreError(.closed, "the log is closed"))
            return
        }
        pending.append(write)
        if pending.count == 1 || pending.count == gatherTarget { condition.signal() }
        condition.unlock()
    }

    /// Stops taking requests, commits what is queued, writes the waiting index entries, and waits for the
    /// writer thread to end.
    func close() {
        condition.lock()
        let wasClosed = closed
        closed = true
        condition.signal()
        condition.unlock()
        if !wasClosed { finished.wait() }
    }

    private func run() {
        while let batch = nextBatch() {
            commit(batch)
        }
        if !unflushed.isEmpty { commit([], forceFlush: true) }
        finished.signal()
    }

    /// The next requests to commit; an empty batch when waiting index entries are due; `nil` when closed.
    private func nextBatch() -> [any BatchedWrite]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed {
            guard let oldest = oldestUnflushed else {
                condition.wait()
                continue
            }
            let due = oldest + Self.indexFlushInterval
            if ContinuousClock.now >= due { return [] }
            _ = condition.wait(until: Date().addingTimeInterval((due - ContinuousClock.now).seconds))
        }
        if pending.isEmpty { return nil }
        gatherStragglers()
        let batch: [any BatchedWrite]
        if pending.count <= Self.maxBatch {
            // The usual case: hand over the whole queue without copying it.
            batch = pending
            pending = []
        } else {
            batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
        }
        typicalBatch = max(Double(batch.count), typicalBatch * 0.95)
        return batch
    }

    /// Waits briefly for a batch to fill when it is clearly smaller than usual.
    ///
    /// Without this, concurrent writers settle into two groups that take turns: while one group's commit is on
    /// disk the other queues, so each fsync carries half of them (measured: 32 of 64). Waiting at most one
    /// commit's duration for the usual number lets the groups merge; a lone writer never waits, because its
    /// usual batch is one. The same idea as PostgreSQL's `commit_delay`, sized from what was just observed.
    private func gatherStragglers() {
        let target = Int(typicalBatch * 0.75)
        // Past a few hundred requests the fsync is shared widely enough; waiting longer only idles the writer.
        guard pending.count < min(target, Self.worthGathering), !closed, lastCommit > .zero else { return }
        let deadline = Date().addingTimeInterval(min(lastCommit, .milliseconds(2)).seconds)
        gatherTarget = target
        while pending.count < target && !closed {
            if !condition.wait(until: deadline) { break }
        }
        gatherTarget = .max
    }

    private func commit(_ batch: [any BatchedWrite], forceFlush: Bool = false) {
        var growths = 0
        while true {
            do {
                try growIfNearlyFull()
                let flush = forceFlush || batch.isEmpty || unflushed.count >= Self.indexFlushEntries
                    || oldestUnflushed.map { ContinuousClock.now - $0 >= Self.indexFlushInterval } == true
                let batchTime = now()
                let started = ContinuousClock.now
                let outcome = try environment.write { txn in
                    var context = BatchContext(
                        layout: layout, txn: txn, tail: tail, now: batchTime, recentIDs: recentIDs, heads: heads,
                        backlog: backlog, indexedThrough: indexedThrough, expectedEvents: batch.count)
                    for write in batch { try write.apply(&context) }
                    if flush {
                        try context.flushIndex(unflushed + context.indexEntries)
                    } else {
                        // Before the commit, so no reader can see a record whose index entry is missing;
                        // readers ignore entries past their snapshot's head, and a failed commit discards them.
                        backlog.add(context.indexEntries)
                    }
                    return context
                }
                lastCommit = ContinuousClock.now - started
                committed(outcome, flushed: flush, requests: batch.count, answering: batch)
                return
            } catch LMDBError.mapFull where growths < 4 {
                // The transaction was aborted whole; grow the map and apply the same batch again.
                forgetUncommitted()
                growths += 1
                do {
                    try grow(minimum: environment.usage().mapSize * 2)
                } catch {
                    for write in batch { write.fail(error) }
                    return
                }
            } catch {
                forgetUncommitted()
                let failure = EventStoreError.wrapping(error, while: "appending \(batch.count) request(s) to the log")
                for write in batch { write.fail(failure) }
                return
            }
        }
    }

    /// Moves the writer's memory forward after a commit and answers the batch; bookkeeping that only the writer
    /// reads comes after the answers.
    private func committed(_ context: BatchContext, flushed: Bool, requests: Int, answering batch: [any BatchedWrite]) {
        tail = context.tail
        onCommit(context.tail.head, context.scheduleChanged)
        for write in batch { write.complete() }
        if flushed {
            // Readers whose snapshot predates this flush still need the entries since the previous one.
            backlog.prune(through: indexedThrough)
            indexedThrough = context.tail.head
            unflushed.removeAll(keepingCapacity: true)
            oldestUnflushed = nil
        } else if !context.indexEntries.isEmpty {
            unflushed += context.indexEntries
            if oldestUnflushed == nil { oldestUnflushed = ContinuousClock.now }
        }
        if requests > 0 {
            commitCount.add(1, ordering: .relaxed)
            requestCount.add(requests, ordering: .relaxed)
        }
    }

    /// Undoes what an aborted batch did to the writer's memory: its index entries leave the backlog, the head
    /// cache starts over, and the recent ids are read again from the committed log.
    private func forgetUncommitted() {
        backlog.discard(after: tail.head)
        heads.reset()
        do {
            try environment.read { txn in
                recentIDs.removeAll()
                try LogReading.rememberRecentIDs(into: recentIDs, layout: layout, txn: txn)
            }
        } catch {
            // Without the committed ids a retry could be appended twice; an empty window only loses the
            // recognition of retries, never data, so it is the safe state to fall back to.
            recentIDs.removeAll()
        }
    }

    /// Grows the map before it is full: at 80 % use it doubles (up to `maxMapSize`). At the ceiling it leaves
    /// the map alone; only a transaction that really finds it full fails.
    private func growIfNearlyFull() throws(EventStoreError) {
        let usage = environment.usage()
        if usage.fraction > 0.8 && usage.mapSize < maxMapSize { try grow(minimum: usage.mapSize * 2) }
    }

    private func grow(minimum: Int) throws(EventStoreError) {
        let current = environment.usage().mapSize
        let target = min(max(minimum, current), maxMapSize)
        guard target > current else {
            throw EventStoreError(.mapFull, "the log reached its map ceiling of \(maxMapSize) bytes; raise it or archive")
        }
        do {
            try environment.setMapSize(target)
        } catch {
            throw EventStoreError(error, while: "growing the log's map to \(target) bytes")
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
