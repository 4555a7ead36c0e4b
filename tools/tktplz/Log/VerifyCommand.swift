import API
import ArgumentParser
import EventStore
import Foundation

/// `tktplz log verify`: gapless positions, contiguous stream versions, an intact hash chain, readable records.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the log's invariants and the domain's; exits non-zero and names the first bad position.",
        discussion: """
            First the log: gapless positions, contiguous stream versions, the hash chain, readable records. Then the             domain: every record decodes into its domain type, and shows and bookings replay through their deciders             with no impossible transition (a seat sold twice, a ticket admitted twice, a booking confirmed twice, …).
            """)

    @OptionGroup var data: DataDirectoryOption
    @Flag(help: "Check the records only, not the domain (for logs that are not TktPlz's, such as a benchmark's).")
    var recordsOnly = false

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
        if !recordsOnly { try await verifyDomain(log) }
    }

    private func verifyDomain(_ log: LMDBEventLog) async throws {
        let started = ContinuousClock.now
        let report: DomainAudit.Report
        do {
            report = try await DomainAudit.run(log) { checked in
                let seconds = (ContinuousClock.now - started).seconds
                Terminal.status("  replayed \(Terminal.grouped(Double(checked))) records (\(Terminal.grouped(Double(checked) / max(seconds, 1e-9))) records/s)")
            }
        } catch {
            throw ToolFailure("the domain check could not run: \(error.message)")
        }
        let seconds = (ContinuousClock.now - started).seconds
        if let problem = report.problem {
            print("FAILED at position \(problem.position.rawValue) (\(problem.stream)): \(problem.reason)")
            print("(\(report.records) records before it replayed cleanly)")
            throw ExitCode(1)
        }
        print("OK: every record decodes into its domain type; shows and bookings replay with no impossible transition "
            + "(\(Terminal.grouped(Double(report.records) / max(seconds, 1e-9))) records/s)")
    }
}

