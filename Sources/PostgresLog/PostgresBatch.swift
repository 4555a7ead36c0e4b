import EventStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// One batch's writes, decided in memory as the LMDB writer decides them and written by one call of
/// `PostgresBatchFunction` at the end. Decided one of two ways:
/// - **optimistically**, on the head this node last saw and without reading anything: a stream is assumed to be at
///   the version its append expects, an event id to be new. The function checks all of it under the head row's lock
///   and writes nothing if any of it is wrong. One round trip.
/// - **under the lock**, in a transaction that locks the head row first and reads the ids and stream heads it needs:
///   nothing can change underneath, so its decisions stand. For what the optimistic way cannot decide (an append to
///   whatever a stream holds, cancelling or firing schedules, imports) and when its checks failed.
struct PostgresBatch {
    /// A request this batch cannot decide without reading the log: decide the batch under the lock.
    struct NeedsLock: Error {}

    /// An event id already in the log (or written earlier in this batch).
    struct Found {
        let position: UInt64
        let stream: String
        let version: UInt64
    }

    /// Where the log ends: a position and the chain hash of the record there.
    struct Head: Equatable {
        var position: UInt64
        var hash: ChainHash
    }

    /// The transaction holding the head row's lock; `nil` when deciding optimistically.
    private let connection: PostgresConnection?
    private let tables: PostgresTables
    private let logger: Logger
    private let recordedAtMicros: Int64
    private let start: Head
    private var head: UInt64
    private var hash: ChainHash
    private var found: [EventID: Found] = [:]
    /// Stream heads known in this batch (`.some(nil)`: the stream has no events).
    private var streams: [StreamName: StreamVersion?] = [:]
    /// Stream heads taken from expectations or guesses rather than read (optimistic only), checked by the function.
    private var assumed: [StreamName: StreamVersion?] = [:]
    /// Assumed heads this node has seen in the log (its guesses): such a version exists, since nothing is removed.
    private var seenAssumptions: Set<StreamName> = []
    /// The first version this batch writes to each stream.
    private var firstWritten: [StreamName: UInt64] = [:]
    /// The last event of streams this batch wrote or read it of, for expectations that name an event.
    private var lastEvents: [StreamName: EventID] = [:]
    /// Events taken to be their streams' last (optimistic only), checked by the function.
    private var assumedEvents: [StreamName: (version: StreamVersion, event: EventID)] = [:]
    /// Stream heads this node saw in earlier batches, for appends that expect nothing in particular (optimistic only).
    private let guesses: [StreamName: StreamVersion?]
    private var rows = Rows()
    /// The records as followers read them, made from what was appended rather than decoded.
    private(set) var written: [RecordedEvent] = []
    /// Schedule changes not yet written: a new due time and bytes, or `nil` for a removal.
    private var scheduleWrites: [ScheduleID: (due: Int64, bytes: ByteBuffer)?] = [:]
    private(set) var scheduleChanged = false

    private struct Rows {
        var positions: [Int64] = []
        var ids: [UUID] = []
        var streams: [String] = []
        var versions: [Int64] = []
        var records: [ByteBuffer] = []
    }

    /// Locks the head row and reads where the log ends.
    static func locked(on connection: PostgresConnection, tables: PostgresTables, recordedAtMicros: Int64, logger: Logger) async throws -> PostgresBatch {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT position, hash FROM \(tables.head) FOR UPDATE"), logger: logger)
        for try await (position, hash) in rows.decode((Int64, ByteBuffer).self) {
            guard hash.readableBytes == 32 else { throw EventStoreError(.corrupted, "the log's head holds a hash of \(hash.readableBytes) bytes") }
            let chain = hash.withUnsafeReadableBytes { ChainHash($0) }
            return PostgresBatch(connection: connection, tables: tables, logger: logger, recordedAtMicros: recordedAtMicros,
                                 start: Head(position: UInt64(position), hash: chain))
        }
        throw EventStoreError(.corrupted, "the log's head row is missing from \(tables.head)")
    }

    /// Decides on `head` without reading; the function checks what was assumed.
    static func optimistic(on head: Head, guesses: [StreamName: StreamVersion?], tables: PostgresTables, recordedAtMicros: Int64,
                           logger: Logger) -> PostgresBatch {
        PostgresBatch(connection: nil, guesses: guesses, tables: tables, logger: logger, recordedAtMicros: recordedAtMicros, start: head)
    }

    private init(connection: PostgresConnection?, guesses: [StreamName: StreamVersion?] = [:], tables: PostgresTables, logger: Logger,
                 recordedAtMicros: Int64, start: Head) {
        self.connection = connection
        self.guesses = guesses
        self.tables = tables
        self.logger = logger
        self.recordedAtMicros = recordedAtMicros
        self.start = start
        self.head = start.position
        self.hash = start.hash
    }

    /// Where the log ends once this batch is written.
    var end: Head { Head(position: head, hash: hash) }

    /// The heads of the streams this batch read, assumed or wrote, as they are once it is written.
    var streamHeads: [StreamName: StreamVersion?] { streams }

    /// The head this batch moved the log to, if it wrote any record.
    var movedHead: GlobalPosition? { head > start.position ? GlobalPosition(head) : nil }

    /// Reads, in two queries, the ids and stream heads every append of the batch needs.
    mutating func prefetch(_ batch: [PostgresWriter.Request]) async throws {
        var ids: [EventID] = []
        var names: [StreamName] = []
        // Imported records follow one another from the head, whichever request carries them.
        var importing: UInt64 = 0
        for request in batch {
            switch request {
            case .append(let events, let stream, _, _):
                ids.append(contentsOf: events.map(\.id))
                names.append(stream)
            case .transaction(let transaction, _):
                for append in transaction.appends {
                    ids.append(contentsOf: append.events.map(\.id))
                    names.append(append.stream)
                }
            case .importRecords(let records, _):
                for bytes in records {
                    importing += 1
                    names.append(try Self.decode(bytes, at: head + importing).stream)
                }
            case .schedule, .cancel, .fireDue: continue
            }
        }
        try await load(ids: ids, streams: names)
    }

    /// Applies one request and returns how to answer it once the batch has committed. A request-level outcome (a
    /// conflict, reused ids) is its answer; a storage failure throws and aborts the whole batch.
    mutating func apply(_ request: PostgresWriter.Request) async throws -> @Sendable () -> Void {
        switch request {
        case .append, .transaction, .schedule: break
        case .cancel, .fireDue, .importRecords: if connection == nil { throw NeedsLock() }
        }
        switch request {
        case .append(let events, let stream, let expected, let answer):
            let outcome = try await append(events, to: stream, expecting: expected)
            return { answer.resume(outcome) }
        case .transaction(let transaction, let answer):
            let outcome = try await append(together: transaction.appends)
            if case .success(.appended(let appended)) = outcome, appended.first?.wasAlreadyAppended == false {
                for scheduled in transaction.schedules { store(scheduled) }
            }
            return { answer.resume(outcome) }
        case .schedule(let scheduled, let answer):
            store(scheduled)
            return { answer.resume(.success(())) }
        case .cancel(let id, let answer):
            let removed = try await cancel(id)
            return { answer.resume(.success(removed)) }
        case .fireDue(let now, let limit, let answer):
            let positions = try await fireDue(asOf: now, limit: limit)
            return { answer.resume(.success(positions)) }
        case .importRecords(let records, let answer):
            for bytes in records { try await importRecord(bytes) }
            return { answer.resume(.success(())) }
        }
    }

    /// Writes the batch's records, schedule changes and new head in one call, and announces them at commit: on
    /// `connection`, which is the locked transaction's when the batch was decided under the lock.
    func finish(on connection: PostgresConnection) async throws -> PostgresBatchFunction.Outcome {
        var call = PostgresBatchFunction.Call(expectedHead: start.position, expectedHash: start.hash, newHead: head, newHash: hash)
        call.positions = rows.positions
        call.ids = rows.ids
        call.streams = rows.streams
        call.versions = rows.versions
        call.records = rows.records
        for (stream, version) in assumed {
            // A stream this batch writes right after the assumed head needs no lookup when that head is known to
            // exist (none, or one this node saw): had another write moved the stream on, the insert of the next
            // version breaks the (stream, stream_version) unique index, which answers `stale` all the same. The
            // lookups were half of the time a batch holds the head row's lock.
            let next = version.map { $0.rawValue + 1 } ?? 0
            if firstWritten[stream] == next && (version == nil || seenAssumptions.contains(stream)) { continue }
            call.assumedStreams.append(stream.rawValue)
            call.assumedVersions.append(version.map { Int64($0.rawValue) } ?? -1)
        }
        for (stream, assumption) in assumedEvents {
            call.namedStreams.append(stream.rawValue)
            call.namedVersions.append(Int64(assumption.version.rawValue))
            call.namedEvents.append(assumption.event.rawValue)
        }
        addScheduleWrites(to: &call)
        call.scheduleChanged = scheduleChanged
        return try await PostgresBatchFunction.run(call, on: connection, tables: tables, logger: logger)
    }

    /// The schedule changes not yet written, as the function takes them.
    private func addScheduleWrites(to call: inout PostgresBatchFunction.Call) {
        for (id, write) in scheduleWrites {
            if let write {
                call.scheduleIDs.append(id.rawValue)
                call.scheduleDues.append(write.due)
                call.scheduleBytes.append(write.bytes)
            } else {
                call.unscheduled.append(id.rawValue)
            }
        }
    }

    // MARK: Appends

    private mutating func append(_ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion) async throws -> Result<AppendResult, EventStoreError> {
        if let earlier = alreadyAppended(events, to: stream) { return earlier }
        let current = try await version(of: stream, expecting: expected)
        guard expected.isSatisfied(by: current), try await namedEventHolds(expected, on: stream, at: current) else {
            return .success(.conflict(VersionConflict(stream: stream, expected: expected, actual: current)))
        }
        return .success(.appended(write(events, to: stream, after: current)))
    }

    private mutating func append(together appends: [StreamAppend]) async throws -> Result<TransactionResult, EventStoreError> {
        if case .answered(let outcome) = TransactionRetry.classify(appends.map { alreadyAppended($0.events, to: $0.stream) }) {
            return outcome
        }
        var currents: [StreamVersion?] = []
        for append in appends {
            let current = try await version(of: append.stream, expecting: append.expected)
            guard append.expected.isSatisfied(by: current), try await namedEventHolds(append.expected, on: append.stream, at: current) else {
                return .success(.conflict(VersionConflict(stream: append.stream, expected: append.expected, actual: current)))
            }
            currents.append(current)
        }
        return .success(.appended(zip(appends, currents).map { write($0.events, to: $0.stream, after: $1) }))
    }

    /// If every id is in the log, the earlier append's outcome (a retry); if only some are, a reuse error.
    private func alreadyAppended(_ events: [NewEvent], to stream: StreamName) -> Result<AppendResult, EventStoreError>? {
        let hits = events.compactMap { found[$0.id] }
        guard let first = hits.first, let last = hits.last else { return nil }
        guard hits.count == events.count else {
            return .failure(EventStoreError(
                .eventIDReused, "\(hits.count) of \(events.count) event ids appended to \(stream) are already in the log; "
                    + "a retry must resend exactly the original events"))
        }
        let contiguous = hits.map(\.position) == Array(first.position...last.position)
        guard contiguous, last.stream == stream.rawValue else {
            return .failure(EventStoreError(.eventIDReused, "event ids appended to \(stream) were already used by a different append"))
        }
        return .success(.appended(Appended(firstPosition: GlobalPosition(first.position), lastPosition: GlobalPosition(last.position),
                                           streamVersion: StreamVersion(last.version), wasAlreadyAppended: true)))
    }

    private mutating func write(_ events: [NewEvent], to stream: StreamName, after current: StreamVersion?) -> Appended {
        let firstPosition = head + 1
        var version = current.map { $0.rawValue + 1 } ?? 0
        if !events.isEmpty, firstWritten[stream] == nil { firstWritten[stream] = version }
        for event in events {
            write(event, to: stream, version: version)
            version += 1
        }
        let last = StreamVersion(version - 1)
        streams[stream] = .some(last)
        if let event = events.last { lastEvents[stream] = event.id }
        return Appended(firstPosition: GlobalPosition(firstPosition), lastPosition: GlobalPosition(head), streamVersion: last,
                        wasAlreadyAppended: false)
    }

    private mutating func write(_ event: NewEvent, to stream: StreamName, version: UInt64) {
        let position = head + 1
        let fields = RecordEncoding.Fields(position: position, streamVersion: version, recordedAtMicros: recordedAtMicros,
                                           stream: stream, event: event)
        let size = RecordEncoding.size(streamBytes: stream.rawValue.utf8.count, typeBytes: event.type.utf8.count,
                                       payloadBytes: event.payload.count)
        var record = ByteBuffer()
        var next = hash
        record.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { out in
            next = RecordEncoding.encode(fields, previousHash: hash, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<size]))
            return size
        }
        rows.positions.append(Int64(position))
        rows.ids.append(event.id.rawValue)
        rows.streams.append(stream.rawValue)
        rows.versions.append(Int64(version))
        rows.records.append(record)
        written.append(RecordedEvent(
            position: GlobalPosition(position), stream: stream, streamVersion: StreamVersion(version), type: event.type,
            recordedAt: Date(timeIntervalSince1970: Double(recordedAtMicros) / 1_000_000), id: event.id,
            correlationID: event.correlationID, causationID: event.causationID, payload: event.payload, hash: next))
        found[event.id] = Found(position: position, stream: stream.rawValue, version: version)
        head = position
        hash = next
    }

    /// Writes a record exactly as another log stored it, after checking that it continues this one: the next
    /// position, the next version of its stream, a hash that chains from the last one.
    private mutating func importRecord(_ bytes: [UInt8]) async throws {
        let position = head + 1
        let record = try Self.decode(bytes, at: position)
        let chained = bytes.withUnsafeBytes { hash.chained(with: UnsafeRawBufferPointer(rebasing: $0[0..<($0.count - 32)])) }
        guard chained == record.hash else { throw EventStoreError(.archive, "record \(position) does not chain from the log's tail") }
        let expected = try await version(of: record.stream, expecting: .any).map { $0.rawValue + 1 } ?? 0
        guard record.streamVersion.rawValue == expected else {
            throw EventStoreError(.archive, "record \(position) is version \(record.streamVersion) of \(record.stream), expected \(expected)")
        }
        guard found[record.id] == nil else { throw EventStoreError(.archive, "record \(position) repeats event id \(record.id)") }
        rows.positions.append(Int64(position))
        rows.ids.append(record.id.rawValue)
        rows.streams.append(record.stream.rawValue)
        rows.versions.append(Int64(record.streamVersion.rawValue))
        rows.records.append(ByteBuffer(bytes: bytes))
        written.append(record)
        found[record.id] = Found(position: position, stream: record.stream.rawValue, version: record.streamVersion.rawValue)
        streams[record.stream] = .some(record.streamVersion)
        lastEvents[record.stream] = record.id
        head = position
        hash = chained
    }

    /// A record's fields from its bytes, which must say it is at `position`.
    private static func decode(_ bytes: [UInt8], at position: UInt64) throws(EventStoreError) -> RecordedEvent {
        let decoded = bytes.withUnsafeBytes { raw -> Result<RecordedEvent, EventStoreError> in
            do throws(EventStoreError) {
                return .success(try RecordEncoding.decode(raw, at: position))
            } catch {
                return .failure(error)
            }
        }
        return try decoded.get()
    }

    /// The stream's head: known in this batch, read under the lock, or, deciding optimistically, assumed to be what
    /// the append expects or, when it expects nothing in particular, what this node last saw (the function checks).
    private mutating func version(of stream: StreamName, expecting expected: ExpectedVersion) async throws -> StreamVersion? {
        if let known = streams[stream] { return known }
        if connection == nil {
            let assumption: StreamVersion?
            switch expected {
            case .any:
                guard let guess = guesses[stream] else { throw NeedsLock() }
                assumption = guess
            case .noStream: assumption = nil
            case .exact(let version), .exactEvent(let version, _): assumption = version
            }
            assumed[stream] = .some(assumption)
            streams[stream] = .some(assumption)
            if let assumption, let seen = guesses[stream], seen == assumption { seenAssumptions.insert(stream) }
            return assumption
        }
        try await load(ids: [], streams: [stream])
        return streams[stream] ?? nil
    }

    /// Whether the stream's last event (at `current`) is the one `expected` names, if it names one: written in this
    /// batch, read under the lock, or, deciding optimistically, assumed (the function checks).
    private mutating func namedEventHolds(_ expected: ExpectedVersion, on stream: StreamName, at current: StreamVersion?) async throws -> Bool {
        guard let named = expected.namedEvent, let current else { return true }
        if let known = lastEvents[stream] { return known == named }
        guard let connection else {
            assumedEvents[stream] = (current, named)
            lastEvents[stream] = named
            return true
        }
        let rows = try await connection.query(PostgresQuery(
            unsafeSQL: "SELECT event_id FROM \(tables.records) WHERE stream = $1 AND stream_version = $2",
            binds: bindings(stream.rawValue, Int64(current.rawValue))), logger: logger)
        for try await id in rows.decode(UUID.self) { lastEvents[stream] = EventID(id) }
        return lastEvents[stream] == named
    }

    /// Reads the ids and stream heads this batch does not know yet.
    private mutating func load(ids: [EventID], streams names: [StreamName]) async throws {
        let connection = try lockedConnection()
        let unknownIDs = ids.filter { found[$0] == nil }.map(\.rawValue)
        if !unknownIDs.isEmpty {
            let rows = try await connection.query(PostgresQuery(
                unsafeSQL: "SELECT event_id, position, stream, stream_version FROM \(tables.records) WHERE event_id = ANY($1::uuid[])",
                binds: bindings(unknownIDs)), logger: logger)
            for try await (id, position, stream, version) in rows.decode((UUID, Int64, String, Int64).self) {
                found[EventID(id)] = Found(position: UInt64(position), stream: stream, version: UInt64(version))
            }
        }
        let unknownStreams = Array(Set(names.filter { streams[$0] == nil }))
        if !unknownStreams.isEmpty {
            for name in unknownStreams { streams[name] = .some(nil) }
            let rows = try await connection.query(PostgresQuery(
                unsafeSQL: "SELECT stream, max(stream_version) FROM \(tables.records) WHERE stream = ANY($1::text[]) GROUP BY stream",
                binds: bindings(unknownStreams.map(\.rawValue))), logger: logger)
            for try await (name, version) in rows.decode((String, Int64).self) {
                streams[try StreamName(name)] = .some(StreamVersion(UInt64(version)))
            }
        }
    }

    // MARK: The schedule

    private mutating func store(_ scheduled: ScheduledEvent) {
        let due = LogLayout.micros(scheduled.due)
        scheduleWrites[scheduled.id] = .some((due, ByteBuffer(bytes: ScheduleEncoding.encode(scheduled))))
        scheduleChanged = true
    }

    private mutating func cancel(_ id: ScheduleID) async throws -> Bool {
        if let pending = scheduleWrites[id] {
            scheduleWrites[id] = .some(nil)
            if pending != nil { scheduleChanged = true }
            return pending != nil
        }
        let rows = try await lockedConnection().query(PostgresQuery(
            unsafeSQL: "SELECT count(*) FROM \(tables.schedule) WHERE id = $1", binds: bindings(id.rawValue)), logger: logger)
        var exists = false
        for try await count in rows.decode(Int64.self) { exists = count > 0 }
        guard exists else { return false }
        scheduleWrites[id] = .some(nil)
        scheduleChanged = true
        return true
    }

    /// Appends what is due by `now`, earliest first, and removes it from the schedule in this transaction, so each
    /// fires once although every node runs a scheduler.
    private mutating func fireDue(asOf now: Date, limit: Int) async throws -> [GlobalPosition] {
        try await writeSchedule()
        let rows = try await lockedConnection().query(PostgresQuery(
            unsafeSQL: "SELECT scheduled FROM \(tables.schedule) WHERE due <= $1 ORDER BY due, id LIMIT $2",
            binds: bindings(LogLayout.micros(now), Int64(max(0, limit)))), logger: logger)
        var due: [ScheduledEvent] = []
        for try await bytes in rows.decode(ByteBuffer.self) {
            due.append(try bytes.withUnsafeReadableBytes { raw throws(EventStoreError) in try ScheduleEncoding.decode(raw) })
        }
        guard !due.isEmpty else { return [] }
        try await load(ids: due.map(\.event.id), streams: due.map(\.stream))
        var positions: [GlobalPosition] = []
        for scheduled in due {
            let outcome = try await append([scheduled.event], to: scheduled.stream, expecting: .any)
            if case .success(.appended(let appended)) = outcome, !appended.wasAlreadyAppended { positions.append(appended.lastPosition) }
            scheduleWrites[scheduled.id] = .some(nil)
        }
        scheduleChanged = true
        return positions
    }

    /// Writes the schedule changes made so far in this batch (under the lock, before reading what is due).
    /// The same function call, with no records and the head unchanged (this transaction holds its lock), so
    /// the schedule is written one way only; the commit announces the change.
    private mutating func writeSchedule() async throws {
        guard !scheduleWrites.isEmpty else { return }
        let connection = try lockedConnection()
        var call = PostgresBatchFunction.Call(expectedHead: start.position, expectedHash: start.hash, newHead: start.position,
                                              newHash: start.hash)
        addScheduleWrites(to: &call)
        scheduleWrites = [:]
        guard try await PostgresBatchFunction.run(call, on: connection, tables: tables, logger: logger) == .written else {
            throw EventStoreError(.corrupted, "the log's head moved under this transaction's lock")
        }
    }

    private func lockedConnection() throws -> PostgresConnection {
        guard let connection else { throw NeedsLock() }
        return connection
    }
}
