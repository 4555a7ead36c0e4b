import ArgumentParser
import EventStore
import Foundation

/// `tktplz log backup DIR`: a hot backup beside a running server (LMDB's consistent copy of one snapshot), verified
/// before it is reported, with the uploaded images copied beside it (each checked against its content hash). Images
/// are copied after the log: one uploaded meanwhile is in the copy, or belongs to a show the copied log does not
/// have yet. Restore by serving from it: `tktplz serve --data-dir DIR` (projections rebuild there).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the live log into a new data directory without stopping the server, then verify the copy.")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The new data directory; the copy is written to DIR/events.") var destination: String

    func run() async throws {
        if let logURL = data.logURL, LogAddress.isPostgres(logURL) {
            throw ToolFailure("backup copies an embedded LMDB log; for a PostgreSQL log use `tktplz log copy --from \(logURL) --to \(destination)` "
                + "(a verified LMDB copy) or `tktplz log export --log … FILE`, besides PostgreSQL's own backups")
        }
        let log = try data.openLog(readOnly: true)
        defer { log.close() }
        let target = URL(fileURLWithPath: destination, isDirectory: true).appendingPathComponent("events", isDirectory: true)
        let started = ContinuousClock.now
        do {
            try log.backup(to: target)
        } catch {
            throw ToolFailure("backup failed: \(error.message)\(error.cause.map { " (\($0))" } ?? "")")
        }
        let copy: LMDBEventLog
        do {
            copy = try LMDBEventLog(.init(path: target.path, readOnly: true))
        } catch {
            throw ToolFailure("the backup in \(target.path) cannot be opened: \(error.message)")
        }
        defer { copy.close() }
        let report = try copy.verify()
        if let problem = report.problem {
            print("FAILED: the backup does not verify at position \(problem.position): \(problem.reason)")
            throw ExitCode(1)
        }
        let images: (files: Int, bytes: Int)
        let keys: (files: Int, bytes: Int)
        do {
            let (from, to) = (DirectoryStorage(directory: data.directory), DirectoryStorage(directory: URL(fileURLWithPath: destination, isDirectory: true)))
            images = try await ArchiveFiles.copy(from: from, to: to)
            // The keys of personal data go with the backup, or it would restore every customer erased; a key
            // destroyed later stays in the backups made before, until they expire (the README says so).
            keys = try await ArchiveFiles.copy(from: from, to: to, folders: [PersonalKeyFile.folder])
        } catch {
            throw ToolFailure("copying the uploaded images and personal-data keys failed: \(error.message)")
        }
        let seconds = (ContinuousClock.now - started).seconds
        print("Backed up \(report.records) records to \(target.path), \(images.files) uploaded images (\(images.bytes) bytes) and \(keys.files) personal-data keys in "
            + "\(String(format: "%.2f", seconds)) s; the copy verifies (positions, versions, hash chain; each image against its content hash). "
            + "Restore: tktplz serve --data-dir \(destination)")
    }
}
