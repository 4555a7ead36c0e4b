import ArgumentParser
import EventStore
import Foundation

/// `tktplz log copy --from A --to B`: moves a log between backends (LMDB and PostgreSQL, either way).
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole log into an empty one, LMDB or PostgreSQL, verified record by record and hash by hash.",
        discussion: """
            Each record is written byte for byte and checked against its own hash on the way, then the pending \
            scheduled events follow; finally both logs are read again side by side and must be equal. The uploaded \
            images follow into the target's shared files, each checked against its content hash, and so do the \
            keys of personal data (without them the copy would read every customer as erased). Stop the \
            servers writing the source first: records appended during the copy are not copied.
            """)

    @Option(help: "The log to copy: a data directory or postgres://user@host:port/database[?schema=NAME].") var from: String
    @Option(help: "The empty log to fill: a data directory or a postgres:// address.") var to: String

    func run() async throws {
        let source = try await LogAddress.open(from, readOnly: !LogAddress.isPostgres(from))
        defer { source.close() }
        let target = try await LogAddress.open(to)
        defer { target.close() }
        let summary: LogCopy.Summary
        do {
            summary = try await LogCopy.copy(from: source.log, to: target.log) { copied, head in
                Terminal.status("  copied \(Terminal.grouped(Double(copied.rawValue))) of \(Terminal.grouped(Double(head.rawValue))) records")
            }
        } catch {
            throw ToolFailure("copy failed: \(error.message)")
        }
        let images: (files: Int, bytes: Int)
        let keys: (files: Int, bytes: Int)
        do {
            images = try await ArchiveFiles.copy(from: source.storage, to: target.storage)
            keys = try await ArchiveFiles.copy(from: source.storage, to: target.storage, folders: [PersonalKeyFile.folder])
        } catch {
            throw ToolFailure("copying the uploaded images and personal-data keys failed: \(error.message)")
        }
        print("Copied \(summary.records) records, \(summary.schedules) scheduled events, \(images.files) uploaded images and \(keys.files) personal-data keys from "
              + "\(source.description) to \(target.description); every record read back equal, last hash \(summary.lastHash)")
    }
}
