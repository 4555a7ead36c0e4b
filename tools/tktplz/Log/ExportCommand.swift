import ArgumentParser
import EventStore
import Foundation

/// `tktplz log export FILE`: the backup path, a zstd archive of every record and of the uploaded images.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the whole log to a compressed archive (backup).")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The archive to write.") var file: String

    func run() async throws {
        let opened = try await data.openInspectedLog()
        defer { opened.close() }
        let log = opened.log
        let started = ContinuousClock.now
        let summary = try await log.exportArchive(to: URL(fileURLWithPath: file), chunk: 20_000, files: ArchiveFiles(storage: opened.storage)) { records in
            Terminal.status("  exported \(Terminal.grouped(Double(records))) records")
        }
        let seconds = (ContinuousClock.now - started).seconds
        print("Exported \(summary.records) records (\(summary.recordBytes) bytes) to \(file): \(summary.archiveBytes) bytes, "
            + "ratio \(String(format: "%.2f", Double(summary.recordBytes) / Double(max(summary.archiveBytes, 1)))), "
            + "\(String(format: "%.2f", seconds)) s; last hash \(summary.lastHash); \(summary.files) uploaded images (\(summary.fileBytes) bytes)")
    }
}
