import App
import Crypto
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Projections
import Synchronization
import Testing
import TestSupport

/// An on-sale queue through the processes the server runs, over an in-memory log, its steps fired by the log's own
/// schedule: 1,000 customers arrive before the opening and 1,000 after it, for 50 tickets.
@Suite("App: an on-sale queue admits fairly, at its rate, once each, across a restart")
struct SaleQueuesTests {
    static let show = ShowID("rush")
    static let organizer = OrganizerID("organizer-1")

    @Test(.timeLimit(.minutes(2)))
    func twoThousandCustomersAreAdmittedInTheDrawnThenArrivalOrderAtTheRateOnceEach() async throws {
        let log = InMemoryEventLog()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = DirectoryStorage(directory: scratch)
        let logger = Logger(label: "queue-tests")
        let now = Instant(millisecondsSince1970: 1_900_000_000_000)
        let passKey = SymmetricKey(data: Data(repeating: 3, count: 32))
        let shows = CommandHandler<Show>(log: log)
        let configuration = ShowConfiguration(
            organizer: Self.organizer, kind: .open, details: ShowDetails(title: "Rush", city: "Pune"),
            schedule: ShowSchedule(start: now.adding(.hours(48)), end: now.adding(.hours(51))),
            inventory: .categories([TicketCategory(id: CategoryID("ga"), name: "GA", capacity: 50, price: .major(100))]))
        for command: Show.Command in [.draft(configuration), .submit(by: Self.organizer), .approve(by: AdminID("admin-1"))] {
            _ = try await shows.handle(command, on: Show.stream(Self.show))
        }
        let gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "key", webhookSecret: "webhook"),
                                               journal: scratch.appendingPathComponent("journal.jsonl"))
        let holds = BookingProcesses(log: log, shows: shows, bookings: CommandHandler<Booking>(log: log), customers: CommandHandler<Customer>(log: log),
                                     gateway: gateway, mailer: OutboxMailer(directory: scratch.appendingPathComponent("outbox")), logger: logger).holds
        let store = try ProjectionStore(path: scratch.appendingPathComponent("views").path, durable: false)
        // What a node has: recreated at the restart below, over the same log and storage.
        func node() -> (SaleQueues, SaleQueueReactor) {
            let queues = SaleQueues(log: log, queues: CommandHandler<SaleQueue>(log: log), shows: CommandHandler<Show>(log: log),
                                    storage: storage, passKey: passKey)
            return (queues, SaleQueueReactor(log: log, store: store, queues: queues, logger: logger))
        }
        var (queues, reactor) = node()
        let opensAt = now.adding(.minutes(1))
        _ = try await queues.configure(Self.show, by: Self.organizer, opensAt: opensAt, admitPerMinute: 600, passMinutes: 5, now: now)
        #expect(try await log.nextDueTime() == Date(timeIntervalSince1970: Double(opensAt.rawValue) / 1000), "the opening is scheduled")

        let early = (1...1000).map { CustomerID("early-\($0)") }
        for (index, customer) in early.enumerated() {
            let standing = try await queues.arrive(Self.show, customer: customer, now: now.adding(.milliseconds(index)))
            #expect(standing.status == .beforeOpening)
        }
        #expect(try await queues.requiresPass(Self.show))

        // The log's schedule fires each step; the reactor takes it. Admitted customers hold one ticket each, with
        // their pass, as soon as they are admitted.
        var handled = try await log.head()
        var clock = opensAt
        var admittedAt: [(second: Int, total: Int)] = []
        var held = 0
        var refusedWithoutPass = 0
        let late = (1...1000).map { CustomerID("late-\($0)") }
        for second in 0...210 {
            clock = opensAt.adding(.seconds(second))
            _ = try await log.appendDue(asOf: Date(timeIntervalSince1970: Double(clock.rawValue) / 1000), limit: 100)
            let page = try await log.read(from: GlobalPosition(handled.rawValue + 1), limit: 10_000)
            try await reactor.handle(page)
            handled = try await log.head()
            if second == 0 {
                for (index, customer) in late.enumerated() {
                    _ = try await queues.arrive(Self.show, customer: customer, now: clock.adding(.milliseconds(index)))
                }
            }
            if second == 100 {
                // A restart: new handlers and a new reactor over the same log and storage; every place is kept.
                let before = try await late.prefix(50).asyncMap { try await queues.standing(Self.show, customer: $0, now: clock) }
                (queues, reactor) = node()
                let after = try await late.prefix(50).asyncMap { try await queues.standing(Self.show, customer: $0, now: clock) }
                #expect(before == after)
            }
            let state = try await queues.queues.state(of: SaleQueue.stream(Self.show))
            admittedAt.append((second, state.admittedCount))
            // Those admitted in this step try to hold: one with another's pass, and one without, are refused.
            for customer in state.order[(admittedAt.count > 1 ? admittedAt[admittedAt.count - 2].total : 0)..<state.admittedCount] {
                let standing = try await queues.standing(Self.show, customer: customer, now: clock)
                let pass = try #require(standing.pass)
                #expect(queues.accepts(pass, show: Self.show, customer: customer, now: clock))
                #expect(!queues.accepts(pass, show: Self.show, customer: CustomerID("someone-else"), now: clock))
                #expect(!queues.accepts(pass, show: Self.show, customer: customer, now: clock.adding(.minutes(6))), "passes run out")
                if !queues.accepts("forged." + pass, show: Self.show, customer: customer, now: clock) { refusedWithoutPass += 1 }
                if (try? await holds.hold(.tickets([CategoryID("ga"): 1]), show: Self.show, customer: customer, now: clock)) != nil { held += 1 }
            }
        }

        let state = try await queues.queues.state(of: SaleQueue.stream(Self.show))
        // Everyone admitted, once, in the order drawn for the early arrivals and then the order the late came in.
        let admissions = try await log.history(of: SaleQueue.stream(Self.show)).compactMap { record -> [CustomerID]? in
            guard case .admitted(let admitted)? = try EventEncoding.decode(SaleQueue.self, record) else { return nil }
            return admitted.customers
        }.flatMap { $0 }
        #expect(admissions.count == 2000 && Set(admissions).count == 2000)
        #expect(admissions == FairOrder.draw(early, seed: state.seed) + late)
        #expect(Array(admissions.prefix(1000)) != early, "drawn, not in arrival order")
        // The revealed seed is the one committed to before anyone arrived.
        #expect(Array(SHA256.hash(data: Data(state.seed))) == state.settings?.seedHash)
        // At the rate: 600 a minute is 10 a second, never ahead of it.
        for (second, total) in admittedAt { #expect(total <= 10 * second, "\(total) admitted by second \(second)") }
        #expect(admittedAt.first { $0.second == 100 }?.total == 1000)
        // No more held than is on sale.
        let sold = try await shows.state(of: Show.stream(Self.show))
        #expect(held == 50 && sold.heldTicketCount == 50 && sold.available(CategoryID("ga")) == 0)
        #expect(refusedWithoutPass == 2000)
        print("queue: 2,000 admitted in \(admissions.count / 10) s at 600/min, \(held) held of 50")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
