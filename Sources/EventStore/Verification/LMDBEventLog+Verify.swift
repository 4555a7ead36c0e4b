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
        return state.records.verification
    }
}

/// The running state of a verification across chunks: the record checks every backend makes, and this log's
/// stream index.
private struct VerifyState {
    var records = RecordChainCheck()
    var checked: UInt64 { records.checked }
    var problem: LogVerification.Problem? { records.problem }
    /// Records at or below this position must have their `streams` entry; later ones may still wait in memory.
    var indexedThrough: UInt64 = 0

    /// Checks up to `limit` records after the last checked one; returns true at the end of the log.
    mutating func check(upTo limit: Int, layout: LogLayout, txn: ReadTransaction) throws -> Bool {
        try txn.withCursor(layout.log) { cursor in
            var entry = checked == 0 ? try cursor.first() : try cursor.seek(atLeast: BigEndianKey.bytes(checked + 1))
            var count = 0
            while let current = entry, count < limit {
                guard let position = BigEndianKey.read(current.key), current.key.count == 8 else {
                    _ = records.fail(checked + 1, "a key of the log is not an 8-byte position")
                    return true
                }
                guard let (stream, version) = records.check(current.value, at: position),
                      checkIndexed(stream, version, at: position, layout: layout, txn: txn) else { return true }
                count += 1
                entry = try cursor.next()
            }
            return entry == nil
        }
    }

    private mutating func checkIndexed(_ stream: StreamName, _ version: UInt64, at position: UInt64, layout: LogLayout, txn: ReadTransaction) -> Bool {
        guard position <= indexedThrough else { return true }
        do {
            let indexed = try txn.get(layout.streams, key: LogLayout.streamKey(stream, version))
            guard let indexed, indexed.elementsEqual(BigEndianKey.bytes(position)) else {
                return records.fail(position, "the stream index does not point at this record") != nil
            }
        } catch {
            return records.fail(position, "an index could not be read: \(error)") != nil
        }
        return true
    }

    /// The index holds exactly one entry per record up to its checkpoint. Read in one snapshot, so it also holds
    /// while a writer in another process keeps appending and flushing.
    mutating func checkIndexSizes(layout: LogLayout, txn: ReadTransaction) throws {
        let streams = try txn.count(layout.streams)
        let indexed = try LogReading.indexedThrough(layout: layout, txn: txn)
        if streams != Int(indexed) {
            _ = records.fail(min(indexed, checked) + 1, "the stream index holds \(streams) entries for \(indexed) indexed records")
        }
    }
}
