public import Foundation
import LMDB

/// Reads run on the caller's task in their own snapshot; they never wait for the writer.
extension LMDBEventLog {
    public func read(
        stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int
    ) async throws(EventStoreError) -> [RecordedEvent] {
        try readSnapshot("reading stream \(stream)") { txn in
            try LogReading.stream(
                stream, from: version, direction: direction, limit: limit, backlog: backlog, layout: layout, txn: txn)
        }
    }

    public func read(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try readSnapshot("reading the log from position \(position)") { txn in
            try LogReading.page(from: position, limit: limit, layout: layout, txn: txn)
        }
    }

    public func head() async throws(EventStoreError) -> GlobalPosition {
        try readSnapshot("reading the log's head") { txn in
            GlobalPosition(try LogReading.tail(layout: layout, txn: txn).head)
        }
    }

    /// The last version of `stream`, or `nil` when it has no events.
    public func version(of stream: StreamName) async throws(EventStoreError) -> StreamVersion? {
        try readSnapshot("reading the version of \(stream)") { txn in
            try LogReading.head(of: stream, backlog: backlog, layout: layout, txn: txn)
        }
    }

    public func nextDueTime() async throws(EventStoreError) -> Date? {
        try readSnapshot("reading the schedule") { txn in
            try txn.withCursor(layout.schedule) { cursor in
                guard let first = try cursor.first(), let micros = BigEndianKey.read(first.key) else { return nil }
                return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            }
        }
    }

    /// Every pending scheduled event, earliest first (for operators and tests).
    public func pendingSchedule(limit: Int = 1000) throws(EventStoreError) -> [ScheduledEvent] {
        try readSnapshot("reading the schedule") { txn in
            try txn.withCursor(layout.schedule) { cursor in
                var events: [ScheduledEvent] = []
                var entry = try cursor.first()
                while let current = entry, events.count < limit {
                    events.append(try ScheduleEncoding.decode(current.value))
                    entry = try cursor.next()
                }
                return events
            }
        }
    }

    func readSnapshot<R>(_ doing: String, _ body: (ReadTransaction) throws -> R) throws(EventStoreError) -> R {
        do {
            return try environment.read(body)
        } catch {
            throw EventStoreError.wrapping(error, while: doing)
        }
    }
}

extension LMDBEventLog {
    /// Walks every stored record without decoding it and returns how many there are and their bytes:
    /// the baseline that benchmarks hold decoding reads and projection rebuilds against.
    public func scanRecords() throws(EventStoreError) -> (records: UInt64, bytes: Int) {
        try readSnapshot("scanning the log") { txn in
            try txn.withCursor(layout.log) { cursor in
                var count: UInt64 = 0
                var bytes = 0
                var entry = try cursor.first()
                while let current = entry {
                    count += 1
                    bytes &+= current.value.count
                    entry = try cursor.next()
                }
                return (count, bytes)
            }
        }
    }
}
