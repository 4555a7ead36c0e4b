import Foundation
import LMDB
import Synchronization

/// The projection store's single writer: a dedicated thread that commits the batches of every projection.
///
/// Two reasons it is a thread and not the runners' own tasks. A durable LMDB commit waits for the disk, and a task
/// waiting there holds one of the few cooperative threads every request needs (on this 2-core machine, half of
/// them). And LMDB allows one write transaction per environment at a time, so runners committing on their own would
/// queue on its lock, each with its own fsync; here whatever batches wait ride one transaction and one fsync.
final class ProjectionWriter: @unchecked Sendable {
    typealias Work = @Sendable (WriteTransaction) throws -> Void

    private struct Request {
        let work: Work
        let done: CheckedContinuation<Void, any Error>
    }

    private let environment: Environment
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var closed = false

    init(environment: Environment) {
        self.environment = environment
        let thread = Thread { [self] in run() }
        thread.name = "tktplz-projection-writer"
        thread.start()
    }

    deinit { close() }

    /// Runs `work` in a write transaction and returns once it is committed. Its changes commit whole or not at all.
    func commit(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if closed {
                condition.unlock()
                done.resume(throwing: ProjectionWriterClosed())
                return
            }
            pending.append(Request(work: work, done: done))
            if pending.count == 1 { condition.signal() }
            condition.unlock()
        }
    }

    /// Runs `work` in a write transaction and returns its result once that is committed.
    func commitReturning<R: Sendable>(_ work: @escaping @Sendable (WriteTransaction) throws -> R) async throws -> R {
        let result = Mutex<R?>(nil)
        try await commit { txn in
            let value = try work(txn)
            result.withLock { $0 = value }
        }
        // Set by the transaction that committed (a batch retried alone runs `work` again and sets it again).
        return result.withLock { $0! }
    }

    /// Ends the thread once the queued batches are committed.
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while let batch = nextBatch() {
            commit(batch)
        }
    }

    private func nextBatch() -> [Request]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed { condition.wait() }
        if pending.isEmpty { return nil }
        let batch = pending
        pending = []
        return batch
    }

    /// One transaction for the whole batch; if it fails, each request again alone, so one projection's failure
    /// (an undecodable view, say) is reported to it and never to the others. A full map doubles (a few times at
    /// most, for one batch) and the batch runs again: the views grow with the log, and the map must follow.
    private func commit(_ batch: [Request]) {
        var growths = 0
        while true {
            do {
                try environment.write { txn in
                    for request in batch { try request.work(txn) }
                }
                for request in batch { request.done.resume() }
                return
            } catch LMDBError.mapFull where growths < 4 {
                growths += 1
                do {
                    try environment.setMapSize(environment.usage().mapSize * 2)
                } catch {
                    for request in batch { request.done.resume(throwing: error) }
                    return
                }
            } catch {
                guard batch.count > 1 else {
                    batch[0].done.resume(throwing: error)
                    return
                }
                for request in batch { commit([request]) }
                return
            }
        }
    }
}

/// The store was closed while a batch waited.
struct ProjectionWriterClosed: Error, CustomStringConvertible {
    var description: String { "the projection store is closed" }
}
