package import Foundation

/// Writes an archive (see `LogArchive`): the magic, then each record's exact bytes behind its length, then the
/// trailer with the count and the last chain hash. Both backends' exports write through it.
package final class LogArchiveWriter {
    private let url: URL
    private let file: FileHandle
    private let zstd: ZstdWriter
    package private(set) var records: UInt64 = 0
    private(set) var recordBytes = 0
    private(set) var files = 0
    private(set) var fileBytes = 0
    private var lastHash: ChainHash?

    package init(url: URL) throws(EventStoreError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw EventStoreError(.io, "cannot create the archive at \(url.path)")
        }
        do {
            file = try FileHandle(forWritingTo: url)
            try file.write(contentsOf: LogArchive.magic)
        } catch {
            throw EventStoreError(.io, "cannot write the archive at \(url.path)", cause: error)
        }
        self.url = url
        zstd = try ZstdWriter(file: file)
    }

    /// Appends one record's stored bytes.
    package func append(_ record: UnsafeRawBufferPointer) throws(EventStoreError) {
        try appendLength(record.count)
        try zstd.write(record)
    }

    /// The u32 length before a record's bytes; counts the record.
    private func appendLength(_ count: Int) throws(EventStoreError) {
        var length = UInt32(count).littleEndian
        try withUnsafeBytes(of: &length) { bytes throws(EventStoreError) in try zstd.write(bytes) }
        recordBytes += count
        records += 1
    }

    /// Writes the trailer naming `lastHash`: the records end here, and files may follow.
    package func endRecords(lastHash: ChainHash) throws(EventStoreError) {
        var trailer = [UInt8]()
        withUnsafeBytes(of: LogArchive.trailerMarker.littleEndian) { trailer += $0 }
        withUnsafeBytes(of: records.littleEndian) { trailer += $0 }
        trailer += lastHash.bytes
        try zstd.write(trailer)
        self.lastHash = lastHash
    }

    /// Appends a shared file after the records' trailer.
    func appendFile(_ name: SharedFileName, _ bytes: Data) throws(EventStoreError) {
        let path = Array(name.description.utf8)
        var header = [UInt8]()
        withUnsafeBytes(of: UInt16(path.count).littleEndian) { header += $0 }
        header += path
        withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { header += $0 }
        try zstd.write(header)
        try zstd.write([UInt8](bytes))
        files += 1
        fileBytes += bytes.count
    }

    /// Writes the trailer naming `lastHash` (unless `endRecords` did), ends the files, flushes the archive to disk
    /// and says what it holds.
    package func finish(lastHash: ChainHash) throws(EventStoreError) -> LogArchive.Summary {
        if self.lastHash == nil { try endRecords(lastHash: lastHash) }
        try withUnsafeBytes(of: UInt16(0).littleEndian) { bytes throws(EventStoreError) in try zstd.write(bytes) }
        try zstd.finish()
        do {
            try file.synchronize()
            try file.close()
        } catch {
            throw EventStoreError(.io, "finishing the archive at \(url.path) failed", cause: error)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return LogArchive.Summary(records: records, lastHash: lastHash.description, archiveBytes: size, recordBytes: recordBytes,
                                  files: files, fileBytes: fileBytes)
    }
}
