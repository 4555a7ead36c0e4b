import ArgumentParser
import EventStore
import Foundation

/// `tktplz log import FILE`: the restore path; verifies the archive's hash chain before writing anything.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Restore an archive into an empty log (verified before anything is written).")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The archive to read.") var file: String

    func run() async throws {
        let opened = try await data.openSharedLog()
        defer { opened.close() }
        let log = opened.log
        let summary: LogArchive.Summary
        do {
            summary = try await log.importArchive(from: URL(fileURLWithPath: file), files: opened.storage) { records in
                Terminal.status("  imported \(Terminal.grouped(Double(records))) records")
            }
        } catch {
            throw ToolFailure("import failed: \(error.message)")
        }
        print("Imported \(summary.records) records; hash chain verified, last hash \(summary.lastHash); "
            + "\(summary.files) uploaded images (\(summary.fileBytes) bytes), each verified against its content hash")
    }
}
