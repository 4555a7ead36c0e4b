import Foundation
import LMDB

/// One caller's request, applied in the shared write transaction of a group commit and answered only after
/// that transaction is durably committed. Implementations are touched only by the writer thread after
/// submission, which is why they may be `@unchecked Sendable`.
protocol BatchedWrite: AnyObject, Sendable {
    /// Applies the request. Request-level outcomes are kept for `complete()`; a thrown error aborts the batch.
    func apply(_ context: inout BatchContext) throws
    /// The batch committed: answer the caller with the kept outcome.
    func complete()
    /// The batch was aborted: nothing of it was written.
    func fail(_ error: EventStoreError)
}

/// A continuation answered once, with the outcome decided inside the transaction. A struct kept inside its write,
/// so a request costs one allocation.
struct PendingAnswer<Value: Sendable>: @unchecked Sendable {
    // A Result through a non-throwing continuation keeps the error typed (the throwing one erases it).
    private let continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>
    /// Written and read only on the writer thread.
    var outcome: Result<Value, EventStoreError>?

    init(_ continuation: UnsafeContinuation<Result<Value, EventStoreError>, Never>) { self.continuation = continuation }

    func complete() {
        continuation.resume(returning: outcome ?? .failure(EventStoreError(.io, "a write was committed without an outcome")))
    }

    func fail(_ error: EventStoreError) { continuation.resume(returning: .failure(error)) }
}

/// Append events to a stream with an expected version.
final class AppendWrite: BatchedWrite, @unchecked Sendable {
    let stream: StreamName
    let events: [NewEvent]
    let expected: ExpectedVersion
    var answer: PendingAnswer<AppendResult>

    init(_ events: [NewEvent], to stream: StreamName, expected: ExpectedVersion, answer: PendingAnswer<AppendResult>) {
        self.stream = stream
        self.events = events
        self.expected = expected
        self.answer = answer
    }

    func apply(_ context: inout BatchContext) throws {
        answer.outcome = try context.append(events, to: stream, expecting: expected)
    }

    func complete() { answer.complete() }
    func fail(_ error: EventStoreError) { answer.fail(error) }
}

/// Put a scheduled event in the due-time index, replacing an earlier one with the same id.
final class ScheduleWrite: BatchedWrite, @unchecked Sendable {
    let scheduled: ScheduledEvent
    var answer: PendingAnswer<Void>

    init(_ scheduled: ScheduledEvent, answer: PendingAnswer<Void>) {
        self.scheduled = scheduled
        self.answer = answer
    }

    func apply(_ context: inout BatchContext) throws {
        try context.store(scheduled)
        answer.outcome = .success(())
    }

    func complete() { answer.complete() }
    func fail(_ error: EventStoreError) { answer.fail(error) }
}

/// Append to several streams and schedule events, all in this transaction or none of it.
final class TransactionWrite: BatchedWrite, @unchecked Sendable {
    let transaction: LogTransaction
    var answer: PendingAnswer<TransactionResult>

    init(_ transaction: LogTransaction, answer: PendingAnswer<TransactionResult>) {
        self.transaction = transaction
        self.answer = answer
    }

    func apply(_ context: inout BatchContext) throws {
        let outcome = try context.append(together: transaction.appends)
        // A retry found its appends written: their schedules were stored then (and may have fired since).
        if case .success(.appended(let appended)) = outcome, appended.first?.wasAlreadyAppended == false {
            for scheduled in transaction.schedules { try context.store(scheduled) }
        }
        answer.outcome = outcome
    }

    func complete() { answer.complete() }
    func fail(_ error: EventStoreError) { answer.fail(error) }
}

/// Remove a scheduled event; answers whether it was still pending.
final class CancelScheduleWrite: BatchedWrite, @unchecked Sendable {
    let id: ScheduleID
    var answer: PendingAnswer<Bool>

    init(_ id: ScheduleID, answer: PendingAnswer<Bool>) {
        self.id = id
        self.answer = answer
    }

    func apply(_ context: inout BatchContext) throws {
        let idKey = id.rawValue.bytes
        guard let dueKey = try context.txn.get(context.layout.scheduleIDs, key: idKey).map(Array.init) else {
            answer.outcome = .success(false)
            return
        }
        try context.txn.delete(context.layout.schedule, key: dueKey)
        try context.txn.delete(context.layout.scheduleIDs, key: idKey)
        context.scheduleChanged = true
        answer.outcome = .success(true)
    }

    func complete() { answer.complete() }
    func fail(_ error: EventStoreError) { answer.fail(error) }
}

/// Append every scheduled event due by `now` and remove it from the index in the same transaction,
/// so each fires exactly once, also after a crash.
final class FireDueWrite: BatchedWrite, @unchecked Sendable {
    let now: Date
    let limit: Int
    var answer: PendingAnswer<[GlobalPosition]>

    init(now: Date, limit: Int, answer: PendingAnswer<[GlobalPosition]>) {
        self.now = now
        self.limit = limit
        self.answer = answer
    }

    func apply(_ context: inout BatchContext) throws {
        let nowKey = BigEndianKey.bytes(UInt64(max(0, LogLayout.micros(now))))
        var due: [(key: [UInt8], value: [UInt8])] = []
        try context.txn.withCursor(context.layout.schedule) { cursor in
            var entry = try cursor.first()
            while let current = entry, due.count < limit, current.key.prefix(8).lexicographicallyPrecedes(nowKey)
                    || current.key.prefix(8).elementsEqual(nowKey) {
                due.append((Array(current.key), Array(current.value)))
                entry = try cursor.next()
            }
        }
        var positions: [GlobalPosition] = []
        for (key, value) in due {
            let scheduled = try value.withUnsafeBytes { try ScheduleEncoding.decode($0) }
            let outcome = try context.append([scheduled.event], to: scheduled.stream, expecting: .any)
            if case .success(.appended(let appended)) = outcome, !appended.wasAlreadyAppended {
                positions.append(appended.lastPosition)
            }
            try context.txn.delete(context.layout.schedule, key: key)
            try context.txn.delete(context.layout.scheduleIDs, key: scheduled.id.rawValue.bytes)
        }
        if !due.isEmpty { context.scheduleChanged = true }
        answer.outcome = .success(positions)
    }

    func complete() { answer.complete() }
    func fail(_ error: EventStoreError) { answer.fail(error) }
}

/// Write records taken byte for byte from an archive, checking that each continues the log.
final class ImportWrite: BatchedWrite, @unchecked Sendable {
    let records: [[UInt8]]
    var answer: PendingAnswer<Void>

    init(_ records: [[UInt8]], answer: PendingAnswer<Void>) {
        self.records = records
        self.answer = answer
    }

    func apply(_ context: inout BatchContext) throws {
        for record in records { try context.importRecord(record) }
        answer.outcome = .success(())
    }

    func complete() { answer.complete() }
    func fail(_ error: EventStoreError) { answer.fail(error) }
}
