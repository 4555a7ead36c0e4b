public import Foundation
import LMDB

extension LMDBEventLog {
    /// Writes every record up to the current head into a zstd archive at `url` (the backup path), copying the
    /// stored bytes as they are. Reads in chunks of short snapshots; appends made meanwhile are simply not included.
    public func exportArchive(
        to url: URL, chunk: Int = 20_000, progress: (_ records: UInt64) -> Void = { _ in }
    ) throws(EventStoreError) -> LogArchive.Summary {
        let writer = try LogArchiveWriter(url: url)
        return try writer.finish(lastHash: try writeRecords(into: writer, chunk: chunk, progress: progress))
    }

    /// The same, with the shared files `files` names after the records.
    public func exportArchive(
        to url: URL, chunk: Int = 20_000, files: ArchiveFiles, progress: (_ records: UInt64) -> Void = { _ in }
    ) async throws(EventStoreError) -> LogArchive.Summary {
        let writer = try LogArchiveWriter(url: url)
        let lastHash = try writeRecords(into: writer, chunk: chunk, progress: progress)
        try writer.endRecords(lastHash: lastHash)
        try await files.write(into: writer)
        return try writer.finish(lastHash: lastHash)
    }

    /// Writes the records up to the head; returns the last one's chain hash.
    private func writeRecords(into writer: LogArchiveWriter, chunk: Int, progress: (_ records: UInt64) -> Void) throws(EventStoreError) -> ChainHash {
        let end = try readSnapshot("reading the log's head") { txn in try LogReading.tail(layout: layout, txn: txn) }
        while writer.records < end.head {
            try readSnapshot("exporting the log") { txn in
                try txn.withCursor(layout.log) { cursor in
                    var entry = try cursor.seek(atLeast: BigEndianKey.bytes(writer.records + 1))
                    var count = 0
                    while let current = entry, count < chunk, writer.records < end.head {
                        try writer.append(current.value)
                        count += 1
                        entry = try cursor.next()
                    }
                }
            }
            progress(writer.records)
        }
        return end.hash
    }

    /// Reads and verifies a whole archive without importing it.
    public static func scanArchive(
        _ url: URL, progress: (_ records: UInt64) -> Void = { _ in }
    ) throws(EventStoreError) -> LogArchive.Summary {
        let file = try openForReading(url)
        defer { try? file.close() }
        let reader = try LogArchiveReader(file: file)
        while try reader.next() != nil {
            if reader.records % 100_000 == 0 { progress(reader.records) }
        }
        while try reader.nextFile() != nil {}
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return LogArchive.Summary(
            records: reader.records, lastHash: reader.hash.description, archiveBytes: size, recordBytes: reader.recordBytes,
            files: reader.files, fileBytes: reader.fileBytes)
    }

    static func openForReading(_ url: URL) throws(EventStoreError) -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw EventStoreError(.io, "cannot open the archive at \(url.path)", cause: error)
        }
    }
}
