import App
import ArgumentParser
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Synchronization

/// `tktplz bench holds`: durable holds through the application layer in this process, without HTTP: the fixed
/// workload for counting instructions per hold. Under callgrind, run it twice with different `--count` and divide
/// the difference in instructions by the difference in holds, so seeding and start-up cancel out.
struct HoldBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "holds", abstract: "Durable holds in process (no HTTP), for instruction counts.")

    @Option(help: "Holds to take, one seat each, each by a customer of its own.") var count = 2000
    @Option(help: "Shows to spread them over (1: every hold on one hot show).") var shows = 1
    @Option(help: "Holds in flight at once.") var concurrency = 16

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-bench-holds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path))
        defer { log.close() }
        let showCount = max(1, shows)
        let seatsPerShow = (count + showCount - 1) / showCount
        // The hot show and `showCount - 1` others: holds go round them.
        try await BenchShows.seed(prefix: "bench", hotSeats: seatsPerShow, shows: showCount - 1, seatsPerShow: seatsPerShow, log: log)
        let ids = [ShowID("bench-hot")] + (0..<(showCount - 1)).map { ShowID("bench-\($0)") }

        let logger = Logger(label: "bench-holds")
        let shows = CommandHandler<Show>(log: log)
        let bookings = CommandHandler<Booking>(log: log)
        let gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "bench", webhookSecret: "bench"),
                                         journal: directory.appendingPathComponent("journal.jsonl"))
        let holds = BookingProcesses(log: log, shows: shows, bookings: bookings, customers: CommandHandler<Customer>(log: log), gateway: gateway,
                                     mailer: OutboxMailer(directory: directory.appendingPathComponent("outbox")), logger: logger).holds

        let progress = Progress()
        let clock = ContinuousClock()
        let started = clock.now
        await withTaskGroup { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while true {
                        let index = progress.next.add(1, ordering: .relaxed).oldValue
                        guard index < count else { return }
                        let show = ids[index % showCount]
                        let seat = SeatID("S\(index / showCount)")
                        do {
                            _ = try await holds.hold(.seats([seat]), show: show, customer: CustomerID("bench-c\(index)"), now: .now())
                        } catch {
                            progress.failed.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let statistics = log.commitStatistics
        print(String(format: "%d holds (%d refused) on %d show(s) in %.2f s: %.0f holds/s; %d commits for %d append requests",
                     count, progress.failed.load(ordering: .relaxed), showCount, seconds, Double(count) / seconds, statistics.commits, statistics.requests))
    }
}

/// The next hold to take and how many were refused, shared by the workers.
private final class Progress: Sendable {
    let next = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
}
