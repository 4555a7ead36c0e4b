import LMDB

/// Reads shared by read and write transactions: stream heads, stream ranges and log pages.
enum LogReading {
    /// The stream's last version, or `nil` when it has no events.
    static func head(of stream: StreamName, layout: LogLayout, txn: some Transaction) throws -> StreamVersion? {
        try txn.withCursor(layout.streams) { cursor in
            // The entry just before the first key past the stream is the stream's last event, if any.
            let entry = try cursor.seek(atLeast: LogLayout.streamEndKey(stream)) != nil ? try cursor.previous() : try cursor.last()
            guard let entry, LogLayout.isStreamKey(entry.key, of: stream),
                  let version = BigEndianKey.read(entry.key, at: entry.key.count - 8)
            else { return nil }
            return StreamVersion(version)
        }
    }

    /// Up to `limit` records from `position` on (inclusive), decoded.
    static func page(
        from position: GlobalPosition, limit: Int, layout: LogLayout, txn: some Transaction
    ) throws -> [RecordedEvent] {
        var records: [RecordedEvent] = []
        records.reserveCapacity(min(limit, 4096))
        try txn.withCursor(layout.log) { cursor in
            var entry = try cursor.seek(atLeast: BigEndianKey.bytes(position.rawValue))
            while let current = entry, records.count < limit {
                guard let key = BigEndianKey.read(current.key) else {
                    throw EventStoreError(.corrupted, "a key of the log is not a position")
                }
                records.append(try RecordEncoding.decode(current.value, at: key))
                entry = try cursor.next()
            }
        }
        return records
    }

    /// Up to `limit` events of `stream`, from `version` on, forwards or backwards.
    static func stream(
        _ stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int,
        layout: LogLayout, txn: some Transaction
    ) throws -> [RecordedEvent] {
        var positions: [UInt64] = []
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
        return try positions.map { position in
            guard let bytes = try txn.get(layout.log, key: BigEndianKey.bytes(position)) else {
                throw EventStoreError(.corrupted, "the stream index of \(stream) points at missing position \(position)")
            }
            return try RecordEncoding.decode(bytes, at: position)
        }
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
