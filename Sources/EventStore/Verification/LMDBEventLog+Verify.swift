import Foundation
import LMDB

extension LMDBEventLog {
    /// Checks the log's invariants from position 1 on: gapless positions, every record readable, the hash chain
    /// intact, stream versions contiguous, and the stream index pointing at each record. Stops at the first problem.
    /// Reads in chunks of short snapshots, so a running writer is never held back.
    public func verify(
        chunk: Int = 50_000, progress: (_ checked: UInt64) -> Void = { _ in }
    ) throws(EventStoreError) -> LogVerification {
        var state = VerifyState()
        state.indexedThrough = try readSnapshot("verifying the log") { txn in try LogReading.indexedThrough(layout: layout, txn: txn) }
        while true {
            let done = try readSnapshot("verifying the log") { txn in
                try state.check(upTo: chunk, layout: layout, txn: txn)
            }
            progress(state.checked)
            if state.problem != nil || done { break }
        }
        if state.problem == nil {
            try readSnapshot("verifying the log's indexes") { txn in try state.checkIndexSizes(layout: layout, txn: txn) }
        }
        return LogVerification(records: state.checked, streams: state.nextVersion.count, problem: state.problem)
    }
}

/// The running state of a verification across chunks.
private struct VerifyState {
    var checked: UInt64 = 0
    var hash = ChainHash.genesis
    var nextVersion: [String: UInt64] = [:]
    var problem: LogVerification.Problem?
    /// Records at or below this position must have their `streams` entry; later ones may still wait in memory.
    var indexedThrough: UInt64 = 0

    /// Checks up to `limit` records after the last checked one; returns true at the end of the log.
    mutating func check(upTo limit: Int, layout: LogLayout, txn: ReadTransaction) throws -> Bool {
        try txn.withCursor(layout.log) { cursor in
            var entry = checked == 0 ? try cursor.first() : try cursor.seek(atLeast: BigEndianKey.bytes(checked + 1))
            var count = 0
            while let current = entry, count < limit {
                let expected = checked + 1
                guard let position = BigEndianKey.read(current.key), current.key.count == 8 else {
                    fail(expected, "a key of the log is not an 8-byte position")
                    return true
                }
                guard position == expected else {
                    fail(expected, "missing; the next record is at \(position)")
                    return true
                }
                guard checkRecord(current.value, at: position, layout: layout, txn: txn) else { return true }
                checked = position
                count += 1
                entry = try cursor.next()
            }
            return entry == nil
        }
    }

    private mutating func checkRecord(
        _ bytes: UnsafeRawBufferPointer, at position: UInt64, layout: LogLayout, txn: ReadTransaction
    ) -> Bool {
        let record: RecordEncoding.Layout
        do {
            record = try RecordEncoding.Layout(bytes, at: position)
        } catch {
            return fail(position, "unreadable: \(error.message)")
        }
        let expectedHash = hash.chained(with: record.hashedBytes)
        guard expectedHash.matches(record.hashBytes) else {
            return fail(position, "hash chain broken: the record's bytes or its link were changed")
        }
        hash = expectedHash
        let streamName = String(decoding: record.streamBytes, as: UTF8.self)
        let stream: StreamName
        do {
            stream = try StreamName(streamName)
        } catch {
            return fail(position, error.message)
        }
        let version = nextVersion[streamName] ?? 0
        guard record.streamVersion == version else {
            return fail(position, "stream \(streamName) jumps to version \(record.streamVersion), expected \(version)")
        }
        nextVersion[streamName] = version + 1
        let positionBytes = BigEndianKey.bytes(position)
        guard position <= indexedThrough else { return true }
        do {
            let indexed = try txn.get(layout.streams, key: LogLayout.streamKey(stream, version))
            guard let indexed, indexed.elementsEqual(positionBytes) else {
                return fail(position, "the stream index does not point at this record")
            }
        } catch {
            return fail(position, "an index could not be read: \(error)")
        }
        return true
    }

    /// The index holds exactly one entry per record up to its checkpoint. Read in one snapshot, so it also holds
    /// while a writer in another process keeps appending and flushing.
    mutating func checkIndexSizes(layout: LogLayout, txn: ReadTransaction) throws {
        let streams = try txn.count(layout.streams)
        let indexed = try LogReading.indexedThrough(layout: layout, txn: txn)
        if streams != Int(indexed) {
            fail(min(indexed, checked) + 1, "the stream index holds \(streams) entries for \(indexed) indexed records")
        }
    }

    /// Records the problem; returns false so a check can `return fail(...)`.
    @discardableResult
    private mutating func fail(_ position: UInt64, _ reason: String) -> Bool {
        problem = LogVerification.Problem(position: GlobalPosition(position), reason: reason)
        return false
    }
}
