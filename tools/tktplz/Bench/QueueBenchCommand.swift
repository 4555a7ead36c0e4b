import App
import ArgumentParser
import Crypto
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Synchronization

/// `tktplz bench queue`: an on-sale queue's work in this process, without HTTP, beside the hold path it feeds:
/// customers arriving, the opening's draw and the admissions (as fast as the queue's steps can be taken, at the
/// highest rate a queue allows), then every admitted customer holding a seat with their pass checked.
struct QueueBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "On-sale queue arrivals and admissions beside pass-checked holds.")

    @Option(help: "Customers in the queue (and seats on the show).") var customers = 20_000
    @Option(help: "Requests in flight at once.") var concurrency = 16

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-bench-queue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path))
        defer { log.close() }
        try await BenchShows.seed(prefix: "bench", hotSeats: customers, shows: 0, seatsPerShow: 0, log: log)
        let show = ShowID("bench-hot")
        let logger = Logger(label: "bench-queue")
        let shows = CommandHandler<Show>(log: log)
        let gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "bench", webhookSecret: "bench"),
                                               journal: directory.appendingPathComponent("journal.jsonl"))
        let holds = BookingProcesses(log: log, shows: shows, bookings: CommandHandler<Booking>(log: log), customers: CommandHandler<Customer>(log: log),
                                     gateway: gateway, mailer: OutboxMailer(directory: directory.appendingPathComponent("outbox")), logger: logger).holds
        let queues = SaleQueues(log: log, queues: CommandHandler<SaleQueue>(log: log), shows: shows, storage: DirectoryStorage(directory: directory),
                                passKey: SymmetricKey(data: Data(repeating: 5, count: 32)))
        let start = Instant.now()
        let opensAt = start.adding(.hours(1))
        _ = try await queues.configure(show, by: DemoData.organizer, opensAt: opensAt, admitPerMinute: 100_000, passMinutes: 60, now: start)
        let people = (0..<customers).map { CustomerID("bench-q\($0)") }

        let arriving = try await Self.timed(people.count, concurrency: concurrency) { index in
            _ = try await queues.arrive(show, customer: people[index], now: start)
        }
        let clock = ContinuousClock()
        let began = clock.now
        var step = 0
        while try await queues.queues.state(of: SaleQueue.stream(show)).waiting > 0 || step == 0 {
            try await queues.tick(show, now: opensAt.adding(.seconds(step)))
            step += 1
        }
        let admitting = Self.seconds(clock.now - began)
        let state = try await queues.queues.state(of: SaleQueue.stream(show))
        let at = opensAt.adding(.seconds(step))
        let passes = try await people.asyncPasses(queues, show: show, at: at)
        let checking = ContinuousClock().measure {
            for index in people.indices where !queues.accepts(passes[index], show: show, customer: people[index], now: at) {
                print("  a pass was refused: \(people[index])")
            }
        }
        let holding = try await Self.timed(people.count, concurrency: concurrency) { index in
            guard queues.accepts(passes[index], show: show, customer: people[index], now: at) else { throw PassRefused() }
            _ = try await holds.hold(.seats([SeatID("S\(index)")]), show: show, customer: people[index], now: at)
        }
        print("tktplz bench queue: \(customers) customers, \(concurrency) in flight, LMDB, this process")
        print(String(format: "  arrivals:   %8.0f /s  (%.2f s)", Double(customers) / arriving, arriving))
        print(String(format: "  admissions: %8.0f /s  (%.2f s: the opening's draw and %d steps of at most %d)", Double(state.admittedCount) / admitting,
                     admitting, step, (100_000 + 59) / 60))
        print(String(format: "  holds:      %8.0f /s  (%.2f s, each pass checked first)", Double(customers) / holding, holding))
        print(String(format: "  pass checks alone, one at a time: %.0f /s (%.1f µs each)", Double(customers) / Self.seconds(checking),
                     Self.seconds(checking) * 1e6 / Double(customers)))
        print(String(format: "  admissions / holds: %.1fx: the queue admits faster than the hold path takes, so the rate a queue is set to is what paces the rush",
                     (Double(state.admittedCount) / admitting) / (Double(customers) / holding)))
    }

    struct PassRefused: Error {}

    /// The next index to take and how many failed, shared by the workers.
    private final class Counts: Sendable {
        let next = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
    }

    /// Seconds to run `body` for `0..<count`, `concurrency` at a time.
    static func timed(_ count: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let counts = Counts()
        let clock = ContinuousClock()
        let began = clock.now
        await withTaskGroup { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while true {
                        let index = counts.next.add(1, ordering: .relaxed).oldValue
                        guard index < count else { return }
                        do { try await body(index) } catch { counts.failed.add(1, ordering: .relaxed) }
                    }
                }
            }
        }
        if counts.failed.load(ordering: .relaxed) > 0 { print("  (\(counts.failed.load(ordering: .relaxed)) failed)") }
        return seconds(clock.now - began)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

extension [CustomerID] {
    /// Each customer's pass, read as the customer would (`SaleQueues.standing`).
    func asyncPasses(_ queues: SaleQueues, show: ShowID, at: Instant) async throws -> [String] {
        var passes: [String] = []
        for customer in self { passes.append(try await queues.standing(show, customer: customer, now: at).pass ?? "") }
        return passes
    }
}
