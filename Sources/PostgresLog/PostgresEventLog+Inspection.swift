public import EventStore
public import Foundation
import NIOCore
import PostgresNIO

extension PostgresEventLog: PortableLog {
    public func importRecords(_ records: [[UInt8]]) async throws(EventStoreError) {
        try await writer.submit { .importRecords(records, $0) }
    }

    /// Checks every record as the LMDB log's verify does (`RecordChainCheck`: positions without gaps, the hash
    /// chain, stream versions), reading the table in pages of `chunk`; the indexed columns must agree with the
    /// record bytes they index.
    public func verify(chunk: Int = 50_000, progress: (_ checked: UInt64) -> Void = { _ in }) async throws(EventStoreError) -> LogVerification {
        var check = RecordChainCheck()
        while check.problem == nil {
            let query = PostgresQuery(
                unsafeSQL: "SELECT position, stream, stream_version, record FROM \(tables.records) WHERE position > $1 ORDER BY position LIMIT $2",
                binds: bindings(Int64(check.checked), Int64(chunk)))
            var count = 0
            do {
                for try await (position, stream, version, bytes) in try await client.query(query).decode((Int64, String, Int64, ByteBuffer).self) {
                    count += 1
                    guard let found = bytes.withUnsafeReadableBytes({ check.check($0, at: UInt64(position)) }) else { break }
                    if found.stream.rawValue != stream || found.version != UInt64(version) {
                        _ = check.fail(UInt64(position), "the table's stream columns do not match the record's bytes")
                        break
                    }
                }
            } catch {
                throw PostgresFailure.wrap(error, while: "verifying the log")
            }
            progress(check.checked)
            if count < chunk { break }
        }
        return check.verification
    }

    /// Writes every record up to the head into an archive: the record column holds the LMDB log's very bytes, so
    /// they are copied as they are and the archive is the file an export of the same log on LMDB writes.
    public func exportArchive(
        to url: URL, chunk: Int = 20_000, files: ArchiveFiles = .none, progress: (_ records: UInt64) -> Void = { _ in }
    ) async throws(EventStoreError) -> LogArchive.Summary {
        let end = try await head()
        let writer = try LogArchiveWriter(url: url)
        var hash = ChainHash.genesis
        while writer.records < end.rawValue {
            let query = PostgresQuery(
                unsafeSQL: "SELECT position, record FROM \(tables.records) WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3",
                binds: bindings(Int64(writer.records), Int64(end.rawValue), Int64(chunk)))
            let before = writer.records
            do {
                for try await (position, bytes) in try await client.query(query).decode((Int64, ByteBuffer).self) {
                    guard UInt64(position) == writer.records + 1 else {
                        throw EventStoreError(.corrupted, "position \(writer.records + 1) is missing from the log; run log verify")
                    }
                    try bytes.withUnsafeReadableBytes { raw throws(EventStoreError) in
                        guard raw.count >= RecordEncoding.hashSize else {
                            throw EventStoreError(.corrupted, "record \(position) is too short to be one; run log verify")
                        }
                        try writer.append(raw)
                        // A record ends with its chain hash; the archive's trailer names the last one.
                        hash = ChainHash(UnsafeRawBufferPointer(rebasing: raw[(raw.count - RecordEncoding.hashSize)...]))
                    }
                }
            } catch {
                throw PostgresFailure.wrap(error, while: "exporting the log")
            }
            guard writer.records > before else { throw EventStoreError(.corrupted, "the log ends at \(before) before its head \(end)") }
            progress(writer.records)
        }
        try writer.endRecords(lastHash: hash)
        try await files.write(into: writer)
        return try writer.finish(lastHash: hash)
    }

    /// Every pending scheduled event, earliest first (for operators and tests).
    public func pendingSchedule(limit: Int = 1000) async throws(EventStoreError) -> [ScheduledEvent] {
        let query = PostgresQuery(unsafeSQL: "SELECT scheduled FROM \(tables.schedule) ORDER BY due, id LIMIT $1", binds: bindings(Int64(limit)))
        do {
            var events: [ScheduledEvent] = []
            for try await bytes in try await client.query(query).decode(ByteBuffer.self) {
                events.append(try bytes.withUnsafeReadableBytes { raw throws(EventStoreError) in try ScheduleEncoding.decode(raw) })
            }
            return events
        } catch {
            throw PostgresFailure.wrap(error, while: "reading the schedule")
        }
    }
}
