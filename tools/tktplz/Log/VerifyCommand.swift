import ArgumentParser
import EventStore
import Foundation

/// `tktplz log verify`: gapless positions, contiguous stream versions, an intact hash chain, readable records.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the log's invariants; exits non-zero and names the first bad position.")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let log = try data.openLog(readOnly: true)
        defer { log.close() }
        let started = ContinuousClock.now
        let report: LogVerification
        do {
            report = try log.verify { checked in
                let seconds = (ContinuousClock.now - started).seconds
                Terminal.status("  checked \(Terminal.grouped(Double(checked))) records (\(Terminal.grouped(Double(checked) / max(seconds, 1e-9))) records/s)")
            }
        } catch {
            throw ToolFailure("verification could not run: \(error.message)")
        }
        let seconds = (ContinuousClock.now - started).seconds
        if let problem = report.problem {
            print("FAILED at position \(problem.position): \(problem.reason)")
            print("(\(report.records) records before it verified)")
            throw ExitCode(1)
        }
        print("OK: \(report.records) records in \(report.streams) streams; positions gapless, versions contiguous, "
            + "hash chain intact (\(Terminal.grouped(Double(report.records) / max(seconds, 1e-9))) records/s)")
    }
}

