public import Foundation

extension PortableLog {

    /// Loads an archive into this log, which must be empty. The whole archive is verified first (positions,
    /// hash chain, trailer, each carried file against its content hash), so a damaged archive imports nothing;
    /// then records are written byte for byte, each batch checked to continue the log as `importRecords` does,
    /// and the files are stored in `files` (the restored log's shared storage).
    public func importArchive(
        from url: URL, batch: Int = 5_000, files storage: (any SharedStorage)? = nil, progress: (_ records: UInt64) -> Void = { _ in }
    ) async throws(EventStoreError) -> LogArchive.Summary {
        guard try await head() == .start else {
            throw EventStoreError(.invalidArgument, "import needs an empty log; this one already holds records")
        }
        let checked = try LMDBEventLog.scanArchive(url) { _ in }
        let file = try LMDBEventLog.openForReading(url)
        defer { try? file.close() }
        let reader = try LogArchiveReader(file: file)
        var records: [[UInt8]] = []
        while let record = try reader.next() {
            records.append(record)
            if records.count == batch {
                try await importRecords(records)
                records.removeAll(keepingCapacity: true)
                progress(reader.records)
            }
        }
        if !records.isEmpty { try await importRecords(records) }
        progress(reader.records)
        if let storage {
            while let file = try reader.nextFile() {
                guard try await storage.store(file.bytes, as: file.name) == file.bytes else {
                    throw EventStoreError(.io, "\(file.name) already holds other bytes in the restored storage")
                }
            }
        }
        return checked
    }
}
