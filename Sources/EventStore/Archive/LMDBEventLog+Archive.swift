public import Foundation
import LMDB

extension LMDBEventLog {
    /// Writes every record up to the current head into a zstd archive at `url` (the backup path).
    /// Reads in chunks of short snapshots; appends made meanwhile are simply not included.
    public func exportArchive(
        to url: URL, chunk: Int = 20_000, progress: (_ records: UInt64) -> Void = { _ in }
    ) throws(EventStoreError) -> LogArchive.Summary {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw EventStoreError(.io, "cannot create the archive at \(url.path)")
        }
        let file: FileHandle
        do {
            file = try FileHandle(forWritingTo: url)
        } catch {
            throw EventStoreError(.io, "cannot open the archive at \(url.path)", cause: error)
        }
        let writer = try ZstdWriter(file: file)
        do {
            try file.write(contentsOf: LogArchive.magic)
        } catch {
            throw EventStoreError(.io, "writing the archive failed", cause: error)
        }
        let end = try readSnapshot("reading the log's head") { txn in try LogReading.tail(layout: layout, txn: txn) }
        var written: UInt64 = 0
        var recordBytes = 0
        while written < end.head {
            try readSnapshot("exporting the log") { txn in
                try txn.withCursor(layout.log) { cursor in
                    var entry = try cursor.seek(atLeast: BigEndianKey.bytes(written + 1))
                    var count = 0
                    while let current = entry, count < chunk, written < end.head {
                        var length = UInt32(current.value.count).littleEndian
                        try withUnsafeBytes(of: &length) { try writer.write($0) }
                        try writer.write(current.value)
                        recordBytes += current.value.count
                        written += 1
                        count += 1
                        entry = try cursor.next()
                    }
                }
            }
            progress(written)
        }
        var trailer = [UInt8]()
        withUnsafeBytes(of: LogArchive.trailerMarker.littleEndian) { trailer += $0 }
        withUnsafeBytes(of: written.littleEndian) { trailer += $0 }
        trailer += end.hash.bytes
        try writer.write(trailer)
        try writer.finish()
        do {
            try file.synchronize()
            try file.close()
        } catch {
            throw EventStoreError(.io, "finishing the archive at \(url.path) failed", cause: error)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return LogArchive.Summary(records: written, lastHash: end.hash.description, archiveBytes: size, recordBytes: recordBytes)
    }

    /// Loads an archive into this log, which must be empty. The whole archive is verified first (positions,
    /// hash chain, trailer), so a damaged archive imports nothing; then records are written byte for byte and
    /// the indexes rebuilt from them.
    public func importArchive(
        from url: URL, batch: Int = 5_000, progress: (_ records: UInt64) -> Void = { _ in }
    ) async throws(EventStoreError) -> LogArchive.Summary {
        guard try await head() == .start else {
            throw EventStoreError(.invalidArgument, "import needs an empty log; \(path) already holds records")
        }
        let checked = try Self.scanArchive(url) { _ in }
        let file = try Self.openForReading(url)
        defer { try? file.close() }
        let reader = try LogArchiveReader(file: file)
        var records: [[UInt8]] = []
        while let record = try reader.next() {
            records.append(record)
            if records.count == batch {
                try await submitImport(records)
                records.removeAll(keepingCapacity: true)
                progress(reader.records)
            }
        }
        if !records.isEmpty { try await submitImport(records) }
        progress(reader.records)
        return checked
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
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return LogArchive.Summary(
            records: reader.records, lastHash: reader.hash.description, archiveBytes: size, recordBytes: reader.recordBytes)
    }

    private static func openForReading(_ url: URL) throws(EventStoreError) -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw EventStoreError(.io, "cannot open the archive at \(url.path)", cause: error)
        }
    }

    private func submitImport(_ records: [[UInt8]]) async throws(EventStoreError) {
        try await submit { ImportWrite(records, answer: $0) }
    }
}
