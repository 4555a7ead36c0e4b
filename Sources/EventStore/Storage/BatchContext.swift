import Foundation
import LMDB

/// What the writes of one batch share inside its write transaction: the moving tail of the log, the writer's
/// memory of stream heads and recent ids, and the batch's timestamp.
///
/// Heads and ids are updated in place as the batch is applied; if the transaction does not commit, the writer
/// rebuilds both (`GroupCommitWriter.forgetUncommitted`), which is rare and keeps the common path free of copies.
struct BatchContext {
    let layout: LogLayout
    let txn: WriteTransaction
    var tail: LogTail
    let recordedAtMicros: Int64
    /// Set when a write changed the schedule, so the scheduler re-reads its next due time.
    var scheduleChanged = false
    private let recentIDs: RecentEventIDs
    private let heads: StreamHeads
    /// Entries not yet in the `streams` database, consulted when a head is not remembered.
    private let backlog: StreamIndexBacklog
    private let indexedThrough: UInt64
    /// Stream-index entries of this batch's records, for the writer to flush later.
    private(set) var indexEntries: [IndexEntry] = []
    /// The last event written to each stream in this batch, for expectations that name an event.
    private var lastWritten: [StreamName: EventID] = [:]

    init(
        layout: LogLayout, txn: WriteTransaction, tail: LogTail, now: Date, recentIDs: RecentEventIDs,
        heads: StreamHeads, backlog: StreamIndexBacklog, indexedThrough: UInt64, expectedEvents: Int
    ) {
        self.layout = layout
        self.txn = txn
        self.tail = tail
        self.recordedAtMicros = LogLayout.micros(now)
        self.recentIDs = recentIDs
        self.heads = heads
        self.backlog = backlog
        self.indexedThrough = indexedThrough
        indexEntries.reserveCapacity(expectedEvents)
    }

    /// Appends `events` to `stream` if `expected` holds. Request-level outcomes (a conflict, reused ids) are
    /// returned; storage failures throw and abort the whole batch, so nothing is half-written.
    mutating func append(
        _ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion
    ) throws -> Result<AppendResult, EventStoreError> {
        if let earlier = try alreadyAppended(events, to: stream) { return earlier }
        let current = try head(of: stream)
        guard try holds(expected, on: stream, at: current) else {
            return .success(.conflict(VersionConflict(stream: stream, expected: expected, actual: current)))
        }
        return .success(.appended(try write(events, to: stream, after: current)))
    }

    /// Appends to several streams only if every expected version holds, checked before anything is written, so a
    /// conflict leaves all of them untouched. A retry (every id already in the log) returns the earlier positions.
    mutating func append(together appends: [StreamAppend]) throws -> Result<TransactionResult, EventStoreError> {
        if case .answered(let outcome) = TransactionRetry.classify(try appends.map { try alreadyAppended($0.events, to: $0.stream) }) {
            return outcome
        }
        var currents: [StreamVersion?] = []
        for append in appends {
            let current = try head(of: append.stream)
            guard try holds(append.expected, on: append.stream, at: current) else {
                return .success(.conflict(VersionConflict(stream: append.stream, expected: append.expected, actual: current)))
            }
            currents.append(current)
        }
        var written: [Appended] = []
        for (append, current) in zip(appends, currents) { written.append(try write(append.events, to: append.stream, after: current)) }
        return .success(.appended(written))
    }

    /// Whether `expected` holds for `stream` at `current`, the event it names included: the last one written in
    /// this batch, or read from the log.
    private func holds(_ expected: ExpectedVersion, on stream: StreamName, at current: StreamVersion?) throws -> Bool {
        guard expected.isSatisfied(by: current) else { return false }
        guard let named = expected.namedEvent, let current else { return true }
        if let written = lastWritten[stream] { return written == named }
        let last = try LogReading.stream(stream, from: current, direction: .forwards, limit: 1, backlog: backlog, layout: layout, txn: txn)
        return last.first?.id == named
    }

    /// Puts a scheduled event in the due-time index, replacing an earlier one with the same id.
    mutating func store(_ scheduled: ScheduledEvent) throws {
        let idKey = scheduled.id.rawValue.bytes
        if let previous = try txn.get(layout.scheduleIDs, key: idKey) {
            try txn.delete(layout.schedule, key: previous)
        }
        let dueKey = LogLayout.scheduleKey(due: scheduled.due, id: scheduled.id)
        try txn.put(layout.schedule, key: dueKey, value: ScheduleEncoding.encode(scheduled))
        try txn.put(layout.scheduleIDs, key: idKey, value: dueKey)
        scheduleChanged = true
    }

    /// Writes `events` as the versions after `current`, whose expectation the caller checked.
    private mutating func write(_ events: [NewEvent], to stream: StreamName, after current: StreamVersion?) throws -> Appended {
        let firstPosition = tail.head + 1
        var version = current.map { $0.rawValue + 1 } ?? 0
        for event in events {
            try write(event, to: stream, version: version)
            version += 1
        }
        let last = StreamVersion(version - 1)
        heads.remember(stream, last)
        if let event = events.last { lastWritten[stream] = event.id }
        return Appended(
            firstPosition: GlobalPosition(firstPosition), lastPosition: GlobalPosition(tail.head),
            streamVersion: last, wasAlreadyAppended: false)
    }

    /// The stream's last version: remembered by the writer, else from entries not yet flushed, else from the
    /// `streams` database.
    func head(of stream: StreamName) throws -> StreamVersion? {
        if let known = heads.remembered(stream) { return known }
        let unflushed = backlog.entries(of: stream, after: indexedThrough, through: .max)?.last.map { StreamVersion($0.version) }
        let found = try unflushed ?? LogReading.indexedHead(of: stream, layout: layout, txn: txn)
        heads.remember(stream, found)
        return found
    }

    private mutating func write(_ event: NewEvent, to stream: StreamName, version: UInt64) throws {
        let position = tail.head + 1
        let fields = RecordEncoding.Fields(
            position: position, streamVersion: version, recordedAtMicros: recordedAtMicros, stream: stream, event: event)
        let size = RecordEncoding.size(
            streamBytes: stream.rawValue.utf8.count, typeBytes: event.type.utf8.count, payloadBytes: event.payload.count)
        var hash = tail.hash
        // MDB_RESERVE lets the record be encoded straight into the page; MDB_APPEND skips the B-tree search.
        try withUnsafeBytes(of: position.bigEndian) { key in
            try txn.reserve(layout.log, key: key, count: size, flags: .append) { out in
                hash = RecordEncoding.encode(fields, previousHash: hash, into: out)
            }
        }
        indexEntries.append(IndexEntry(stream: stream, version: version, position: position))
        remember(event.id.rawValue, at: position)
        tail = LogTail(head: position, hash: hash)
    }

    /// Writes a record exactly as an archive holds it, after checking it continues the log: the next position,
    /// the next version of its stream, and a hash that chains from the current tail.
    mutating func importRecord(_ bytes: [UInt8]) throws {
        let position = tail.head + 1
        let positionKey = BigEndianKey.bytes(position)
        let (stream, version, eventID, hash) = try bytes.withUnsafeBytes { raw throws in
            let record = try RecordEncoding.Layout(raw, at: position)
            let hash = tail.hash.chained(with: record.hashedBytes)
            guard hash.matches(record.hashBytes) else {
                throw EventStoreError(.archive, "record \(position) does not chain from the log's tail")
            }
            let stream = try StreamName(String(decoding: record.streamBytes, as: UTF8.self))
            return (stream, record.streamVersion, record.eventID, hash)
        }
        let expected = try head(of: stream).map { $0.rawValue + 1 } ?? 0
        guard version == expected else {
            throw EventStoreError(.archive, "record \(position) is version \(version) of \(stream), expected \(expected)")
        }
        try txn.put(layout.log, key: positionKey, value: bytes, flags: .append)
        indexEntries.append(IndexEntry(stream: stream, version: version, position: position))
        remember(eventID, at: position)
        heads.remember(stream, StreamVersion(version))
        lastWritten[stream] = EventID(eventID)
        tail = LogTail(head: position, hash: hash)
    }

    private func remember(_ id: UUID, at position: UInt64) {
        recentIDs.remember(id, at: position)
    }

    /// Writes stream-index entries into the `streams` database and moves its checkpoint to the batch's tail.
    func flushIndex(_ entries: [IndexEntry]) throws {
        for entry in entries {
            try txn.put(layout.streams, key: LogLayout.streamKey(entry.stream, entry.version), value: BigEndianKey.bytes(entry.position))
        }
        try txn.put(layout.meta, key: LogLayout.indexedThroughKey, value: BigEndianKey.bytes(tail.head))
    }

    /// If every event id is already in the log (within the remembered window), the original append's outcome
    /// (a retry); if only some are, a reuse error; if none are, `nil`.
    private func alreadyAppended(
        _ events: [NewEvent], to stream: StreamName
    ) throws -> Result<AppendResult, EventStoreError>? {
        if events.count == 1 {
            // The common case, without building an array.
            guard let found = try confirmedRecord(of: events[0].id) else { return nil }
            return earlierAppend(first: found.position, last: found, of: stream)
        }
        var found: [RecordEncoding.Layout] = []
        for event in events {
            if let record = try confirmedRecord(of: event.id) { found.append(record) }
        }
        guard let first = found.first, let last = found.last else { return nil }
        guard found.count == events.count else {
            return .failure(EventStoreError(
                .eventIDReused, "\(found.count) of \(events.count) event ids appended to \(stream) are already in the log; "
                    + "a retry must resend exactly the original events"))
        }
        guard found.map(\.position) == Array(first.position...last.position) else { return .failure(reusedIDs(stream)) }
        return earlierAppend(first: first.position, last: last, of: stream)
    }

    /// The record that holds `id`, if the window remembers it: the window keeps fingerprints, so a candidate
    /// counts only when the record's stored id is the same.
    private func confirmedRecord(of id: EventID) throws -> RecordEncoding.Layout? {
        guard let position = recentIDs.candidatePosition(of: id.rawValue),
              let bytes = try txn.get(layout.log, key: BigEndianKey.bytes(position))
        else { return nil }
        let record = try RecordEncoding.Layout(bytes, at: position)
        return record.eventID == id.rawValue ? record : nil
    }

    /// The outcome of the earlier append ending with `last`, if its records are in `stream`.
    private func earlierAppend(
        first: UInt64, last: RecordEncoding.Layout, of stream: StreamName
    ) -> Result<AppendResult, EventStoreError> {
        guard last.streamBytes.equalsUTF8(of: stream.rawValue) else { return .failure(reusedIDs(stream)) }
        return .success(.appended(Appended(
            firstPosition: GlobalPosition(first), lastPosition: GlobalPosition(last.position),
            streamVersion: StreamVersion(last.streamVersion), wasAlreadyAppended: true)))
    }

    private func reusedIDs(_ stream: StreamName) -> EventStoreError {
        EventStoreError(.eventIDReused, "event ids appended to \(stream) were already used by a different append")
    }
}
