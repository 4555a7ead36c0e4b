import App
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
        let opened = try await data.openInspectedLog()
        defer { opened.close() }
        let log = opened.log
        let rate = Throughput()
        let report: LogVerification
        do {
            report = try await log.verify(chunk: 50_000) { checked in
                Terminal.status("  checked \(Terminal.grouped(Double(checked))) records (\(rate.text(checked)) records/s)")
            }
        } catch {
            throw ToolFailure("verification could not run: \(error.message)")
        }
        if let problem = report.problem {
            try fail("FAILED at position \(problem.position): \(problem.reason)", "(\(report.records) records before it verified)")
        }
        print("OK: \(report.records) records in \(report.streams) streams; positions gapless, versions contiguous, "
            + "hash chain intact (\(rate.text(report.records)) records/s)")
        if !recordsOnly { try await verifyDomain(log) }
    }

    private func verifyDomain(_ log: any EventLog) async throws {
        let rate = Throughput()
        let report: DomainAudit.Report
        do {
            report = try await DomainAudit.run(log) { checked in
                Terminal.status("  replayed \(Terminal.grouped(Double(checked))) records (\(rate.text(checked)) records/s)")
            }
        } catch {
            throw ToolFailure("the domain check could not run: \(error.message)")
        }
        if let problem = report.problem {
            try fail("FAILED at position \(problem.position.rawValue) (\(problem.stream)): \(problem.reason)",
                     "(\(report.records) records before it replayed cleanly)")
        }
        print("OK: every record decodes into its domain type; shows and bookings replay with no impossible transition "
            + "(\(rate.text(report.records)) records/s)")
    }

    /// Prints where and why, and exits 1.
    private func fail(_ lines: String...) throws -> Never {
        for line in lines { print(line) }
        throw ExitCode(1)
    }
}
