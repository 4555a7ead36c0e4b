import Foundation
import LMDB

/// Reads shared by read and write transactions: stream heads, stream ranges and log pages.
enum LogReading {
    /// The stream's last version in the `streams` database alone, or `nil` when it holds none.
    static func indexedHead(of stream: StreamName, layout: LogLayout, txn: some Transaction) throws -> StreamVersion? {
        try txn.withCursor(layout.streams) { cursor in
            // The entry just before the first key past the stream is the stream's last event, if any.
            let entry = try cursor.seek(atLeast: LogLayout.streamEndKey(stream)) != nil ? try cursor.previous() : try cursor.last()
            guard let entry, LogLayout.isStreamKey(entry.key, of: stream),
                  let version = BigEndianKey.read(entry.key, at: entry.key.count - 8)
            else { return nil }
            return StreamVersion(version)
        }
    }

    /// The last position whose `streams` entry is in the database.
    static func indexedThrough(layout: LogLayout, txn: some Transaction) throws -> UInt64 {
        guard let value = try txn.get(layout.meta, key: LogLayout.indexedThroughKey) else { return 0 }
        return BigEndianKey.read(value) ?? 0
    }

    /// Up to `limit` records from `position` on (inclusive), decoded.
    static func page(
        from position: GlobalPosition, limit: Int, layout: LogLayout, txn: some Transaction
    ) throws -> [RecordedEvent] {
        try txn.withCursor(layout.log) { cursor in
            // Built inside the closure and returned, not captured: a captured `var` would be boxed and
            // checked for exclusive access on every append.
            var records: [RecordedEvent] = []
            records.reserveCapacity(min(limit, 4096))
            var decoder = RecordDecoder()
            var entry = try cursor.seek(atLeast: BigEndianKey.bytes(position.rawValue))
            while let current = entry, records.count < limit {
                guard let key = BigEndianKey.read(current.key) else {
                    throw EventStoreError(.corrupted, "a key of the log is not a position")
                }
                records.append(try decoder.decode(current.value, at: key))
                entry = try cursor.next()
            }
            return records
        }
    }

    /// The entries of `stream` that this snapshot's `streams` database does not hold yet: from the backlog,
    /// or, if the snapshot is older than the backlog, by scanning the log's tail.
    static func unindexedEntries(
        of stream: StreamName, backlog: StreamIndexBacklog, layout: LogLayout, txn: some Transaction
    ) throws -> [StreamIndexBacklog.Entry] {
        let indexed = try indexedThrough(layout: layout, txn: txn)
        let head = try tail(layout: layout, txn: txn).head
        guard indexed < head else { return [] }
        if let entries = backlog.entries(of: stream, after: indexed, through: head) { return entries }
        var entries: [StreamIndexBacklog.Entry] = []
        try txn.withCursor(layout.log) { cursor in
            var entry = try cursor.seek(atLeast: BigEndianKey.bytes(indexed + 1))
            while let current = entry, let position = BigEndianKey.read(current.key), position <= head {
                let record = try RecordEncoding.Layout(current.value, at: position)
                if record.streamBytes.equalsUTF8(of: stream.rawValue) {
                    entries.append(.init(version: record.streamVersion, position: position))
                }
                entry = try cursor.next()
            }
        }
        return entries
    }

    /// The stream's last version, counting entries not yet in the `streams` database.
    static func head(
        of stream: StreamName, backlog: StreamIndexBacklog, layout: LogLayout, txn: some Transaction
    ) throws -> StreamVersion? {
        if let last = try unindexedEntries(of: stream, backlog: backlog, layout: layout, txn: txn).last {
            return StreamVersion(last.version)
        }
        return try indexedHead(of: stream, layout: layout, txn: txn)
    }

    /// Up to `limit` events of `stream`, from `version` on, forwards or backwards.
    static func stream(
        _ stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int,
        backlog: StreamIndexBacklog, layout: LogLayout, txn: some Transaction
    ) throws -> [RecordedEvent] {
        let recent = try unindexedEntries(of: stream, backlog: backlog, layout: layout, txn: txn)
        var positions: [UInt64] = []
        if direction == .backwards {
            // Unindexed entries are the stream's newest, so they come first going backwards.
            for entry in recent.reversed() where entry.version <= version.rawValue && positions.count < limit {
                positions.append(entry.position)
            }
        }
        try txn.withCursor(layout.streams) { cursor in
            let start = LogLayout.streamKey(stream, version.rawValue)
            var entry = direction == .forwards ? try cursor.seek(atLeast: start) : try cursor.seek(atMost: start)
            while let current = entry, positions.count < limit, LogLayout.isStreamKey(current.key, of: stream) {
                guard let position = BigEndianKey.read(current.value) else {
                    throw EventStoreError(.corrupted, "the stream index of \(stream) holds a value that is not a position")
                }
                positions.append(position)
                entry = direction == .forwards ? try cursor.next() : try cursor.previous()
            }
        }
        if direction == .forwards {
            for entry in recent where entry.version >= version.rawValue && positions.count < limit {
                positions.append(entry.position)
            }
        }
        var decoder = RecordDecoder()
        return try positions.map { position in
            guard let bytes = try txn.get(layout.log, key: BigEndianKey.bytes(position)) else {
                throw EventStoreError(.corrupted, "the stream index of \(stream) points at missing position \(position)")
            }
            return try decoder.decode(bytes, at: position)
        }
    }

    /// Writes the `streams` entries of every record past the index's checkpoint (after a crash or a stop
    /// between flushes) and moves the checkpoint to the log's end. Idempotent.
    static func catchUpIndex(layout: LogLayout, txn: WriteTransaction) throws {
        let indexed = try indexedThrough(layout: layout, txn: txn)
        let head = try tail(layout: layout, txn: txn).head
        guard indexed < head else { return }
        var entries: [(key: [UInt8], position: UInt64)] = []
        try txn.withCursor(layout.log) { cursor in
            var entry = try cursor.seek(atLeast: BigEndianKey.bytes(indexed + 1))
            while let current = entry, let position = BigEndianKey.read(current.key) {
                let record = try RecordEncoding.Layout(current.value, at: position)
                let stream = StreamName(trusted: String(decoding: record.streamBytes, as: UTF8.self))
                entries.append((LogLayout.streamKey(stream, record.streamVersion), position))
                entry = try cursor.next()
            }
        }
        for (key, position) in entries { try txn.put(layout.streams, key: key, value: BigEndianKey.bytes(position)) }
        try txn.put(layout.meta, key: LogLayout.indexedThroughKey, value: BigEndianKey.bytes(head))
    }

    /// Fills `recent` with the ids of the log's last `recent.capacity` records, oldest first.
    static func rememberRecentIDs(into recent: RecentEventIDs, layout: LogLayout, txn: some Transaction) throws {
        var newestFirst: [(UUID, UInt64)] = []
        try txn.withCursor(layout.log) { cursor in
            var entry = try cursor.last()
            while let current = entry, newestFirst.count < recent.capacity {
                // A damaged record is left to `verify` to report; its id simply is not remembered.
                if let position = BigEndianKey.read(current.key),
                   case .success(let record) = Result(catching: { () throws(EventStoreError) in
                       try RecordEncoding.Layout(current.value, at: position)
                   }) {
                    newestFirst.append((record.eventID, position))
                }
                entry = try cursor.previous()
            }
        }
        for (id, position) in newestFirst.reversed() { recent.remember(id, at: position) }
    }

    /// The last position in the log and its chain hash.
    static func tail(layout: LogLayout, txn: some Transaction) throws -> LogTail {
        try txn.withCursor(layout.log) { cursor in
            guard let last = try cursor.last() else { return .empty }
            guard let position = BigEndianKey.read(last.key) else {
                throw EventStoreError(.corrupted, "the last key of the log is not a position")
            }
            let record = try RecordEncoding.Layout(last.value, at: position)
            return LogTail(head: position, hash: ChainHash(record.hashBytes))
        }
    }
}

/// Which way a stream read goes.
public enum ReadDirection: Sendable {
    case forwards
    case backwards
}
