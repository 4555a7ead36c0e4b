import Foundation
import LMDB

/// The log's single writer: a dedicated thread that takes every request queued since its last commit,
/// applies them in one LMDB write transaction and answers them after the commit (fsync) returns.
///
/// While one commit is on disk, new requests pile up and ride the next one together: that is group commit.
/// A dedicated thread, not a task, because an LMDB write transaction must begin and end on one thread.
final class GroupCommitWriter: @unchecked Sendable {
    /// The largest batch taken at once, so one commit's dirty pages stay well within LMDB's limits.
    static let maxBatch = 8192

    private let environment: Environment
    private let layout: LogLayout
    private let now: @Sendable () -> Date
    private let maxMapSize: Int
    private let onCommit: @Sendable (_ head: UInt64, _ scheduleChanged: Bool) -> Void
    private let condition = NSCondition()
    private var pending: [any BatchedWrite] = []
    private var closed = false
    private let finished = DispatchSemaphore(value: 0)
    /// Owned by the writer thread after start-up.
    private var tail: LogTail

    init(
        environment: Environment, layout: LogLayout, tail: LogTail, maxMapSize: Int, now: @escaping @Sendable () -> Date,
        onCommit: @escaping @Sendable (UInt64, Bool) -> Void
    ) {
        self.environment = environment
        self.layout = layout
        self.tail = tail
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
        if pending.count == 1 { condition.signal() }
        condition.unlock()
    }

    /// Stops taking requests, commits what is queued, and waits for the writer thread to end.
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
        finished.signal()
    }

    private func nextBatch() -> [any BatchedWrite]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed { condition.wait() }
        if pending.isEmpty { return nil }
        if pending.count <= Self.maxBatch {
            defer { pending = [] }
            return pending
        }
        let batch = Array(pending.prefix(Self.maxBatch))
        pending.removeFirst(Self.maxBatch)
        return batch
    }

    private func commit(_ batch: [any BatchedWrite]) {
        var growths = 0
        while true {
            do {
                try growIfNearlyFull()
                let batchTime = now()
                let (newTail, scheduleChanged) = try environment.write { txn in
                    var context = BatchContext(layout: layout, txn: txn, tail: tail, now: batchTime)
                    for write in batch { try write.apply(&context) }
                    return (context.tail, context.scheduleChanged)
                }
                tail = newTail
                onCommit(newTail.head, scheduleChanged)
                for write in batch { write.complete() }
                return
            } catch LMDBError.mapFull where growths < 4 {
                // The transaction was aborted whole; grow the map and apply the same batch again.
                growths += 1
                do {
                    try grow(minimum: environment.usage().mapSize * 2)
                } catch {
                    for write in batch { write.fail(error) }
                    return
                }
            } catch {
                let failure = EventStoreError.wrapping(error, while: "appending \(batch.count) request(s) to the log")
                for write in batch { write.fail(failure) }
                return
            }
        }
    }

    /// Grows the map before it is full: at 80 % use it doubles (up to `maxMapSize`).
    private func growIfNearlyFull() throws(EventStoreError) {
        let usage = environment.usage()
        if usage.fraction > 0.8 { try grow(minimum: usage.mapSize * 2) }
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
