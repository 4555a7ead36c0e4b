import EventStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// This node's writes to the log, committed in batches: whatever requests wait while a commit is in flight go
/// into the next transaction together, each answered only once it is durably committed. One batch at a time per
/// node; the head row's lock orders the batches of all nodes.
final class PostgresWriter: Sendable {
    /// A caller's request with its answer.
    enum Request: @unchecked Sendable {
        case append([NewEvent], StreamName, ExpectedVersion, Answer<AppendResult>)
        case transaction(LogTransaction, Answer<TransactionResult>)
        case schedule(ScheduledEvent, Answer<Void>)
        case cancel(ScheduleID, Answer<Bool>)
        case fireDue(Date, Int, Answer<[GlobalPosition]>)
        case importRecords([[UInt8]], Answer<Void>)

        func fail(_ error: EventStoreError) {
            switch self {
            case .append(_, _, _, let answer): answer.resume(.failure(error))
            case .transaction(_, let answer): answer.resume(.failure(error))
            case .schedule(_, let answer): answer.resume(.failure(error))
            case .cancel(_, let answer): answer.resume(.failure(error))
            case .fireDue(_, _, let answer): answer.resume(.failure(error))
            case .importRecords(_, let answer): answer.resume(.failure(error))
            }
        }
    }

    private struct Queue {
        var waiting: [Request] = []
        var closed = false
    }

    private let client: PostgresClient
    private let tables: PostgresTables
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let onCommit: @Sendable (_ head: GlobalPosition?, _ scheduleChanged: Bool) -> Void
    private let queue = Mutex(Queue())
    private let wake: AsyncStream<Void>.Continuation
    private let wakeups: AsyncStream<Void>
    private let commits = Atomic<Int>(0)
    private let requests = Atomic<Int>(0)

    init(client: PostgresClient, tables: PostgresTables, now: @escaping @Sendable () -> Date, logger: Logger,
         onCommit: @escaping @Sendable (_ head: GlobalPosition?, _ scheduleChanged: Bool) -> Void) {
        self.client = client
        self.tables = tables
        self.now = now
        self.logger = logger
        self.onCommit = onCommit
        (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    var statistics: (commits: Int, requests: Int) { (commits.load(ordering: .relaxed), requests.load(ordering: .relaxed)) }

    /// Queues a request on the caller's executor, before the first suspension (so one caller's requests commit in
    /// the order it made them), and waits for its answer.
    nonisolated(nonsending) func submit<Value: Sendable>(_ make: (Answer<Value>) -> Request) async throws(EventStoreError) -> Value {
        let result = await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>) in
            let request = make(Answer(continuation))
            let accepted = queue.withLock { queue -> Bool in
                guard !queue.closed else { return false }
                queue.waiting.append(request)
                return true
            }
            if accepted { wake.yield(()) } else { request.fail(EventStoreError(.closed, "the log was closed")) }
        }
        return try result.get()
    }

    /// Refuses new requests; those already queued are still committed.
    func close() {
        queue.withLock { $0.closed = true }
        wake.finish()
    }

    /// Commits batches until closed.
    func run() async {
        for await _ in wakeups {
            while true {
                let batch = queue.withLock { queue -> [Request] in
                    defer { queue.waiting.removeAll(keepingCapacity: true) }
                    return queue.waiting
                }
                if batch.isEmpty { break }
                await commit(batch)
            }
        }
        // Closed: anything that slipped in after the last batch is answered.
        let left = queue.withLock { queue -> [Request] in
            defer { queue.waiting = [] }
            return queue.waiting
        }
        for request in left { request.fail(EventStoreError(.closed, "the log was closed")) }
    }

    private func commit(_ batch: [Request]) async {
        let micros = Int64((now().timeIntervalSince1970 * 1_000_000).rounded())
        do {
            let (client, tables, logger) = (client, tables, logger)
            let (answers, head, scheduleChanged) = try await PostgresDeadline.withConnection(client, "committing \(batch.count) writes") {
              try await $0.withTransaction(logger: logger) { connection in
                var writes = try await PostgresBatch.begin(on: connection, tables: tables, recordedAtMicros: micros, logger: logger)
                try await writes.prefetch(batch)
                var answers: [@Sendable () -> Void] = []
                answers.reserveCapacity(batch.count)
                for request in batch { answers.append(try await writes.apply(request)) }
                try await writes.finish()
                return (answers, writes.movedHead, writes.scheduleChanged)
              }
            }
            commits.add(1, ordering: .relaxed)
            requests.add(batch.count, ordering: .relaxed)
            onCommit(head, scheduleChanged)
            for answer in answers { answer() }
        } catch {
            let failure = PostgresFailure.wrap(error, while: "committing \(batch.count) writes")
            logger.warning("a batch of writes failed (if the commit itself was cut off it may have landed: a retry with the same event ids is safe)", metadata: ["error": "\(failure)"])
            for request in batch { request.fail(failure) }
        }
    }
}

/// A continuation answered once, with a typed error.
struct Answer<Value: Sendable>: @unchecked Sendable {
    private let continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>

    init(_ continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>) { self.continuation = continuation }

    func resume(_ result: Result<Value, EventStoreError>) { continuation.resume(returning: result) }
}
