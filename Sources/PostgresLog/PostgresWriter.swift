import EventStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// This node's writes to the log, committed in batches: whatever requests wait while a commit is in flight go
/// into the next batch together, each answered only once it is durably committed. One batch at a time per node;
/// the head row's lock orders the batches of all nodes (`PostgresBatch` says how a batch is decided).
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
    /// Where committed records go for this node's followers.
    private let recent: RecentRecords
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let onCommit: @Sendable (_ head: GlobalPosition?, _ scheduleChanged: Bool) -> Void
    private let queue = Mutex(Queue())
    private let wake: AsyncStream<Void>.Continuation
    private let wakeups: AsyncStream<Void>
    private let commits = Atomic<Int>(0)
    private let requests = Atomic<Int>(0)
    private let lockedCommits = Atomic<Int>(0)
    /// Why batches did not go in one call: another node committed first, an assumption was wrong, or a request
    /// needed reads.
    private let moves = Atomic<Int>(0)
    private let staleAssumptions = Atomic<Int>(0)
    private let needingLock = Atomic<Int>(0)

    init(client: PostgresClient, tables: PostgresTables, recent: RecentRecords, now: @escaping @Sendable () -> Date, logger: Logger,
         onCommit: @escaping @Sendable (_ head: GlobalPosition?, _ scheduleChanged: Bool) -> Void) {
        self.client = client
        self.recent = recent
        self.tables = tables
        self.now = now
        self.logger = logger
        self.onCommit = onCommit
        (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Batches committed, requests in them, and how many of the batches were decided under the lock.
    var statistics: (commits: Int, requests: Int, locked: Int) {
        (commits.load(ordering: .relaxed), requests.load(ordering: .relaxed), lockedCommits.load(ordering: .relaxed))
    }

    /// Calls answered `moved` and `stale`, and batches that needed the lock for a request.
    var detours: (moved: Int, stale: Int, needsLock: Int) {
        (moves.load(ordering: .relaxed), staleAssumptions.load(ordering: .relaxed), needingLock.load(ordering: .relaxed))
    }

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
        // Where this node last saw the log end: its own last commit, or what the function found instead; unknown
        // after a failure (a commit cut off may have landed).
        var known: PostgresBatch.Head?
        // Stream heads as this node's batches left or found them: guesses the function checks.
        var guesses: [StreamName: StreamVersion?] = [:]
        for await _ in wakeups {
            while true {
                let batch = queue.withLock { queue -> [Request] in
                    defer { queue.waiting.removeAll(keepingCapacity: true) }
                    return queue.waiting
                }
                if batch.isEmpty { break }
                await commit(batch, known: &known, guesses: &guesses)
            }
        }
        // Closed: anything that slipped in after the last batch is answered.
        let left = queue.withLock { queue -> [Request] in
            defer { queue.waiting = [] }
            return queue.waiting
        }
        for request in left { request.fail(EventStoreError(.closed, "the log was closed")) }
    }

    /// A batch decided and written: how to answer its requests, and where it left the log.
    private struct Written: Sendable {
        var answers: [@Sendable () -> Void]
        var movedHead: GlobalPosition?
        var scheduleChanged: Bool
        var end: PostgresBatch.Head
        var streamHeads: [StreamName: StreamVersion?]
        var records: [RecordedEvent]
    }

    /// The most stream heads kept as guesses; past it they start over.
    private static let guessesKept = 100_000

    /// Decides and writes `batch`: optimistically on the head this node knows (one round trip; again on the head
    /// found if another node committed first), else under the head row's lock.
    private func commit(_ batch: [Request], known: inout PostgresBatch.Head?, guesses: inout [StreamName: StreamVersion?]) async {
        let micros = Int64((now().timeIntervalSince1970 * 1_000_000).rounded())
        let doing = "committing \(batch.count) writes"
        do {
            var written: Written?
            var attempts = 0
            optimistic: while let head = known, attempts < 2 {
                attempts += 1
                var writes = PostgresBatch.optimistic(on: head, guesses: guesses, tables: tables, recordedAtMicros: micros, logger: logger)
                var answers: [@Sendable () -> Void] = []
                answers.reserveCapacity(batch.count)
                do {
                    for request in batch { answers.append(try await writes.apply(request)) }
                } catch is PostgresBatch.NeedsLock {
                    needingLock.add(1, ordering: .relaxed)
                    break optimistic
                }
                let decided = writes
                switch try await PostgresDeadline.withConnection(client, doing, { try await decided.finish(on: $0) }) {
                case .written:
                    written = Written(answers: answers, movedHead: writes.movedHead, scheduleChanged: writes.scheduleChanged, end: writes.end,
                                      streamHeads: writes.streamHeads, records: writes.written)
                    break optimistic
                case .moved(let position, let hash):
                    moves.add(1, ordering: .relaxed)
                    known = PostgresBatch.Head(position: position, hash: hash)
                case .stale:
                    staleAssumptions.add(1, ordering: .relaxed)
                    break optimistic
                }
            }
            let done: Written
            if let written { done = written } else { done = try await lockedCommit(batch, micros: micros, doing: doing) }
            known = done.end
            if guesses.count > Self.guessesKept { guesses.removeAll(keepingCapacity: true) }
            guesses.merge(done.streamHeads) { $1 }
            commits.add(1, ordering: .relaxed)
            requests.add(batch.count, ordering: .relaxed)
            if written == nil { lockedCommits.add(1, ordering: .relaxed) }
            recent.add(done.records)
            onCommit(done.movedHead, done.scheduleChanged)
            for answer in done.answers { answer() }
        } catch {
            known = nil
            guesses.removeAll(keepingCapacity: true)
            let failure = PostgresFailure.wrap(error, while: doing)
            logger.warning("a batch of writes failed (if the commit itself was cut off it may have landed: a retry with the same event ids is safe)", metadata: ["error": "\(failure)"])
            for request in batch { request.fail(failure) }
        }
    }

    /// Decides `batch` in a transaction holding the head row's lock, reading the ids and stream heads it needs.
    private func lockedCommit(_ batch: [Request], micros: Int64, doing: String) async throws -> Written {
        let (client, tables, logger) = (client, tables, logger)
        return try await PostgresDeadline.withConnection(client, doing) {
            try await $0.withTransaction(logger: logger) { connection in
                var writes = try await PostgresBatch.locked(on: connection, tables: tables, recordedAtMicros: micros, logger: logger)
                try await writes.prefetch(batch)
                var answers: [@Sendable () -> Void] = []
                answers.reserveCapacity(batch.count)
                for request in batch { answers.append(try await writes.apply(request)) }
                guard try await writes.finish(on: connection) == .written else {
                    throw EventStoreError(.corrupted, "a batch decided under the head row's lock failed the checks of \(tables.appendBatch)")
                }
                return Written(answers: answers, movedHead: writes.movedHead, scheduleChanged: writes.scheduleChanged, end: writes.end,
                               streamHeads: writes.streamHeads, records: writes.written)
            }
        }
    }
}

/// A continuation answered once, with a typed error.
struct Answer<Value: Sendable>: @unchecked Sendable {
    private let continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>

    init(_ continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>) { self.continuation = continuation }

    func resume(_ result: Result<Value, EventStoreError>) { continuation.resume(returning: result) }
}
