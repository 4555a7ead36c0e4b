public import Foundation
import LMDB

extension LMDBEventLog {
    /// A consistent hot copy of the log into `directory` (created; it must not hold a log already), taken from
    /// one snapshot while appends go on (LMDB's compacting copy). The copy is itself a log: open it, verify it,
    /// serve from it. The stream index, written behind the log, is brought up to date when the copy is opened.
    public func backup(to directory: URL) throws(EventStoreError) {
        let file = directory.appendingPathComponent("data.mdb")
        if FileManager.default.fileExists(atPath: file.path) {
            throw EventStoreError(.io, "\(directory.path) already holds a log; back up into a new directory")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw EventStoreError(.io, "cannot create \(directory.path) for the backup", cause: error)
        }
        do {
            try environment.copy(to: directory.path)
        } catch {
            throw EventStoreError(.io, "the hot copy into \(directory.path) failed (is there room on that disk?)", cause: error)
        }
    }
}
