import ArgumentParser
import EventStore
import Foundation

/// `tktplz log export FILE`: the backup path, a zstd archive of every record.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the whole log to a compressed archive (backup).")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The archive to write.") var file: String

    func run() async throws {
        let log = try data.openLog(readOnly: true)
        defer { log.close() }
        let started = ContinuousClock.now
        let summary = try log.exportArchive(to: URL(fileURLWithPath: file)) { records in
            Terminal.status("  exported \(Terminal.grouped(Double(records))) records")
        }
        let seconds = (ContinuousClock.now - started).seconds
        print("Exported \(summary.records) records (\(summary.recordBytes) bytes) to \(file): \(summary.archiveBytes) bytes, "
            + "ratio \(String(format: "%.2f", Double(summary.recordBytes) / Double(max(summary.archiveBytes, 1)))), "
            + "\(String(format: "%.2f", seconds)) s; last hash \(summary.lastHash)")
    }
}
