public import Foundation

/// A journal as a file of lines, appended with one write per call and read from a byte offset. Written through to
/// the operating system, not fsync'd: what keeps one (the sandbox gateway) stands in for a remote service, and the
/// log, which is fsync'd, is what records a payment. A process killed mid-write tears at most its last line, which
/// a reader skips when it cannot decode it.
public final class FileJournal: SharedJournal, @unchecked Sendable {
    private let path: URL
    private let lock = NSLock()

    public init(path: URL) {
        self.path = path
    }

    public func append(_ lines: [Data]) async throws(EventStoreError) {
        var bytes = Data()
        for line in lines {
            bytes.append(line)
            bytes.append(UInt8(ascii: "\n"))
        }
        do {
            try lock.withLock {
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                if !FileManager.default.fileExists(atPath: path.path) {
                    guard FileManager.default.createFile(atPath: path.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                }
                let handle = try FileHandle(forWritingTo: path)
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: bytes)
            }
        } catch {
            throw EventStoreError(.io, "cannot append to the journal \(path.path)", cause: error)
        }
    }

    public func lines(after cursor: JournalCursor) async throws(EventStoreError) -> (lines: [Data], next: JournalCursor) {
        let bytes: Data
        do {
            bytes = try lock.withLock { () throws -> Data in
                guard FileManager.default.fileExists(atPath: path.path) else { return Data() }
                let handle = try FileHandle(forReadingFrom: path)
                defer { try? handle.close() }
                try handle.seek(toOffset: cursor.rawValue)
                return try handle.readToEnd() ?? Data()
            }
        } catch {
            throw EventStoreError(.io, "cannot read the journal \(path.path)", cause: error)
        }
        // Only whole lines: a line still being written is read next time.
        guard let end = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return ([], cursor) }
        let complete = bytes[bytes.startIndex...end]
        let lines = complete.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        return (lines, JournalCursor(cursor.rawValue + UInt64(complete.count)))
    }
}
