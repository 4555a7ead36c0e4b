public import Foundation

/// A log whose records can be copied to another backend and back, byte for byte: what `tktplz log copy` and
/// `log verify` need of either backend besides the `EventLog` contract.
public protocol PortableLog: EventLog {
    /// Appends records exactly as another log stored them, after checking that each continues this log (the
    /// next position, the next version of its stream, a hash that chains from this log's last one).
    func importRecords(_ records: [[UInt8]]) async throws(EventStoreError)
    /// Every pending scheduled event, earliest first.
    func pendingSchedule(limit: Int) async throws(EventStoreError) -> [ScheduledEvent]
    /// Checks positions, the hash chain and stream versions of every record.
    func verify(chunk: Int, progress: (_ checked: UInt64) -> Void) async throws(EventStoreError) -> LogVerification
    /// Writes every record up to the head into an archive (`LogArchive`), then the shared files `files` names; the
    /// same file from either backend.
    func exportArchive(to url: URL, chunk: Int, files: ArchiveFiles, progress: (_ records: UInt64) -> Void) async throws(EventStoreError)
        -> LogArchive.Summary
}

extension LMDBEventLog: PortableLog {
    public func importRecords(_ records: [[UInt8]]) async throws(EventStoreError) {
        try await submit { ImportWrite(records, answer: $0) }
    }
}
