public import EventStore
public import Foundation
import Synchronization

/// A second `EventLog`, held in memory: the seam a new backend (PostgreSQL) plugs into, shown to carry the
/// application without LMDB. It keeps the contract the application relies on (gapless positions in commit order,
/// expected versions, idempotent event ids answering with their original positions, transactions all or nothing,
/// schedules firing once, heads announced) but not durability, and it chains no hashes (`hash` is `.genesis`).
public final class InMemoryEventLog: EventLog, Sendable {
    private struct Storage {
        var records: [RecordedEvent] = []
        /// Each stream's records, as indices into `records`.
        var streams: [StreamName: [Int]] = [:]
        var indexOfEvent: [EventID: Int] = [:]
        var schedule: [ScheduleID: ScheduledEvent] = [:]
        var commits = 0
        var requests = 0
        var headWatchers: [UUID: AsyncStream<GlobalPosition>.Continuation] = [:]
        var scheduleWatchers: [UUID: AsyncStream<Void>.Continuation] = [:]

        var head: GlobalPosition { records.last?.position ?? .start }

        func version(of stream: StreamName) -> StreamVersion? { streams[stream]?.last.map { records[$0].streamVersion } }

        /// Writes `append` (already checked) and says where it landed.
        mutating func write(_ append: StreamAppend, now: Date) -> Appended {
            var version = version(of: append.stream).map { $0.next } ?? .first
            let first = head.next
            for event in append.events {
                let record = RecordedEvent(
                    position: head.next, stream: append.stream, streamVersion: version, type: event.type, recordedAt: now, id: event.id,
                    correlationID: event.correlationID, causationID: event.causationID, payload: event.payload, hash: .genesis)
                indexOfEvent[event.id] = records.count
                streams[append.stream, default: []].append(records.count)
                records.append(record)
                version = version.next
            }
            return Appended(firstPosition: first, lastPosition: head, streamVersion: StreamVersion(version.rawValue - 1), wasAlreadyAppended: false)
        }

        /// Where an append whose events are all in the log already landed; `nil` if any is new.
        func earlier(_ append: StreamAppend) -> Appended? {
            let indices = append.events.compactMap { indexOfEvent[$0.id] }
            guard !append.events.isEmpty, indices.count == append.events.count else { return nil }
            let landed = indices.map { records[$0] }
            return Appended(firstPosition: landed.map(\.position).min()!, lastPosition: landed.map(\.position).max()!,
                            streamVersion: landed.map(\.streamVersion).max()!, wasAlreadyAppended: true)
        }
    }

    private let storage = Mutex(Storage())

    public init() {}

    /// From now on `head()` and `read(from:limit:)` fail with `error` (`nil`: they work again), for tests of what
    /// a follower does when the log cannot be read.
    public func failReads(_ error: EventStoreError?) { readFailure.withLock { $0 = error } }
    private let readFailure = Mutex<EventStoreError?>(nil)

    public var commitStatistics: (commits: Int, requests: Int) { storage.withLock { ($0.commits, $0.requests) } }

    nonisolated(nonsending) public func append(
        _ events: [NewEvent], to stream: StreamName, expecting expected: ExpectedVersion
    ) async throws(EventStoreError) -> AppendResult {
        switch try await append(LogTransaction(appends: [StreamAppend(events, to: stream, expecting: expected)])) {
        case .appended(let appended): .appended(appended[0])
        case .conflict(let conflict): .conflict(conflict)
        }
    }

    nonisolated(nonsending) public func append(_ transaction: LogTransaction) async throws(EventStoreError) -> TransactionResult {
        let now = Date()
        let (result, changed) = storage.withLock { storage -> (TransactionResult, Bool) in
            storage.requests += 1
            // A transaction sent again: its events are in the log already, answered with their original positions.
            let earlier = transaction.appends.map { storage.earlier($0) }
            if !earlier.isEmpty, earlier.allSatisfy({ $0 != nil }) {
                return (.appended(earlier.compactMap { $0 }), false)
            }
            // Every expected version is checked before anything is written: all or nothing.
            var versions: [StreamName: StreamVersion?] = [:]
            var lastEvents: [StreamName: EventID?] = [:]
            for append in transaction.appends {
                let current = versions[append.stream] ?? storage.version(of: append.stream)
                let last = lastEvents[append.stream] ?? storage.streams[append.stream]?.last.map { storage.records[$0].id }
                guard append.expected.isSatisfied(by: current), append.expected.namedEvent.map({ $0 == last }) ?? true else {
                    return (.conflict(VersionConflict(stream: append.stream, expected: append.expected, actual: current)), false)
                }
                versions[append.stream] = StreamVersion((current.map { $0.rawValue + 1 } ?? 0) + UInt64(append.events.count) - 1)
                lastEvents[append.stream] = append.events.last?.id
            }
            let appended = transaction.appends.map { storage.write($0, now: now) }
            for scheduled in transaction.schedules { storage.schedule[scheduled.id] = scheduled }
            storage.commits += 1
            return (.appended(appended), true)
        }
        if changed { announce(scheduleChanged: !transaction.schedules.isEmpty) }
        return result
    }

    public func read(
        stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int
    ) async throws(EventStoreError) -> [RecordedEvent] {
        storage.withLock { storage in
            let records = (storage.streams[stream] ?? []).map { storage.records[$0] }
            switch direction {
            case .forwards: return Array(records.filter { $0.streamVersion >= version }.prefix(limit))
            case .backwards: return Array(records.filter { $0.streamVersion <= version }.reversed().prefix(limit))
            }
        }
    }

    public func read(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        if let failure = readFailure.withLock({ $0 }) { throw failure }
        return storage.withLock { storage in
            let start = Int(max(position.rawValue, 1)) - 1
            guard start < storage.records.count else { return [] }
            return Array(storage.records[start..<min(storage.records.count, start + limit)])
        }
    }

    public func version(of stream: StreamName) async throws(EventStoreError) -> StreamVersion? {
        storage.withLock { $0.version(of: stream) }
    }

    public func head() async throws(EventStoreError) -> GlobalPosition {
        if let failure = readFailure.withLock({ $0 }) { throw failure }
        return storage.withLock { $0.head }
    }

    public func heads() -> AsyncStream<GlobalPosition> {
        let (stream, continuation) = AsyncStream<GlobalPosition>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        storage.withLock { storage in
            continuation.yield(storage.head)
            storage.headWatchers[id] = continuation
        }
        continuation.onTermination = { [weak self] _ in self?.storage.withLock { _ = $0.headWatchers.removeValue(forKey: id) } }
        return stream
    }

    public func schedule(_ event: ScheduledEvent) async throws(EventStoreError) {
        storage.withLock { $0.schedule[event.id] = event }
        announce(headChanged: false, scheduleChanged: true)
    }

    public func cancelSchedule(_ id: ScheduleID) async throws(EventStoreError) -> Bool {
        let removed = storage.withLock { $0.schedule.removeValue(forKey: id) != nil }
        if removed { announce(headChanged: false, scheduleChanged: true) }
        return removed
    }

    public func appendDue(asOf now: Date, limit: Int) async throws(EventStoreError) -> [GlobalPosition] {
        let positions = storage.withLock { storage -> [GlobalPosition] in
            let due = storage.schedule.values.filter { $0.due <= now }.sorted { $0.due < $1.due }.prefix(limit)
            var positions: [GlobalPosition] = []
            for scheduled in due {
                storage.schedule[scheduled.id] = nil
                let append = StreamAppend([scheduled.event], to: scheduled.stream, expecting: .any)
                // Fired once: an event id already in the log (a timer fired before) writes nothing again.
                if storage.earlier(append) == nil { positions.append(storage.write(append, now: now).lastPosition) }
            }
            return positions
        }
        if !positions.isEmpty { announce(scheduleChanged: true) }
        return positions
    }

    public func nextDueTime() async throws(EventStoreError) -> Date? {
        storage.withLock { $0.schedule.values.map(\.due).min() }
    }

    public func scheduleChanges() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        storage.withLock { $0.scheduleWatchers[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.storage.withLock { _ = $0.scheduleWatchers.removeValue(forKey: id) } }
        return stream
    }

    private func announce(headChanged: Bool = true, scheduleChanged: Bool) {
        let (head, heads, schedules) = storage.withLock { ($0.head, Array($0.headWatchers.values), Array($0.scheduleWatchers.values)) }
        if headChanged { for watcher in heads { watcher.yield(head) } }
        if scheduleChanged { for watcher in schedules { watcher.yield() } }
    }
}
