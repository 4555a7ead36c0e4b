import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Projections
import Testing
import TestSupport

/// Live followers never decode what this process just wrote: the writer hands the events it appended to the
/// cache of decoded events, so every projection, reactor and room that follows the log reads them typed. Payloads
/// are parsed only for records this process did not write (another process's, an archive's, a rebuild's).
@Suite("Live followers parse nothing this process wrote")
struct LiveFollowersTests {
    @Test func projectionsAndEveryCodecFollowingThisProcessesAppendsParseNoPayload() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let log = InMemoryEventLog()
        let now = Instant.now()
        let parsed = ParsedPayloads()
        try await EventEncoding.$parsedPayloads.withValue(parsed) {
            #expect(try await DemoData.seedIfEmpty(log: log, now: now))
            let shows = CommandHandler<Show>(log: log), bookings = CommandHandler<Booking>(log: log)
            let gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "key", webhookSecret: "webhook"),
                                             journal: scratch.url.appendingPathComponent("journal.jsonl"))
            let processes = BookingProcesses(log: log, shows: shows, bookings: bookings, customers: CommandHandler<Customer>(log: log),
                                             gateway: gateway, mailer: OutboxMailer(directory: scratch.url.appendingPathComponent("outbox")),
                                             logger: Logger(label: "live-followers"))
            let held = try await processes.holds.hold(.seats([SeatID("A1")]), show: DemoData.shows[.seating]!, customer: CustomerID("asha"), now: now)
            let order = try await processes.checkout.order(for: held.booking, customer: CustomerID("asha"), now: now)
            let payment = try await gateway.pay(order.order.id, succeed: true)
            _ = try await processes.checkout.confirm(held.booking, order: order.order.id, payment: payment.paymentID, now: now)

            // Every projection follows the log to its head.
            let store = try ProjectionStore(path: scratch.url.appendingPathComponent("views").path, durable: false)
            for projection in try RunningProjections(log: log, store: store).all { try await projection.catchUp() }
            // And every record reads back typed, as reactors and rooms read them.
            let records = try await log.read(from: GlobalPosition(1), limit: 10_000)
            #expect(records.count > 20)
            for record in records where record.stream.category == Show.category { _ = try EventEncoding.decode(Show.self, record) }
            for record in records where record.stream.category == Booking.category { _ = try EventEncoding.decode(Booking.self, record) }
        }
        #expect(parsed.value == 0, "no payload this process wrote was parsed")
    }

    @Test func recordsThisProcessDidNotWriteAreParsed() async throws {
        // Records as another process (or an earlier version, in JSON) wrote them: bytes only, no events handed over.
        let log = InMemoryEventLog()
        let stream = try Show.stream(ShowID("show-\(UUID().uuidString)"))
        let written = (0..<5).map { index in
            NewEvent(id: .random(), type: "ShowRejected", payload: Data(#"{"admin":"admin-1","reason":"try \#(index)"}"#.utf8))
        }
        _ = try await log.append(written, to: stream, expecting: .any)
        let parsed = ParsedPayloads()
        try await EventEncoding.$parsedPayloads.withValue(parsed) {
            let records = try await log.read(from: GlobalPosition(1), limit: 100)
            for record in records { _ = try EventEncoding.decode(Show.self, record) }
            #expect(parsed.value == written.count)
        }
    }
}
