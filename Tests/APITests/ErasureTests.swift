import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Projections
import TestSupport
import Testing

/// Erasure in an immutable log: a customer with bookings, registration answers and chat messages asks to be
/// erased. Their key is destroyed and the erasure recorded; the log still verifies, every projection rebuilt from
/// scratch equals the live one, the show's payout still adds up to the paisa, and nothing of their address, name,
/// phone, answers or messages is left in `tktplz log dump`, an export, the log's own file or any API answer (searched
/// byte for byte), while another customer's data still reads.
@Suite("API: erasing a customer from an immutable log")
struct ErasureTests {
    private struct Payout: Decodable {
        struct Amount: Decodable { var minor: Int64 }
        struct Figures: Decodable { var gross: Amount; var refunds: Amount; var platformFees: Amount; var netPayable: Amount; var tickets: Int }
        var status: String
        var figures: Figures?
    }

    private struct Erased: Decodable { var customer: String; var erased: Bool; var alreadyErased: Bool }
    private struct Registration: Decodable { var bookingId: String }

    /// A customer account in the log with a name, an address and a phone: headers with its session.
    private func account(_ id: String, name: String, phone: String, in log: any EventLog, _ driver: CheckoutDriver) async throws -> HTTPFields {
        _ = try await CommandHandler<Customer>(log: log).handle(
            .register(CustomerID(id), email: "\(id)@example.com", name: name, now: .now()), on: try Customer.stream(CustomerID(id)))
        let headers = try await customer(id)
        let profile = try await driver.put("/api/user/profile", headers, #"{"name":"\#(name)","phone":"\#(phone)"}"#)
        try #require(profile.status == .ok, "\(String(buffer: profile.body))")
        return headers
    }

    @Test(.timeLimit(.minutes(3)))
    func anErasedCustomerLeavesNoTraceWhileTheLogVerifiesTheViewsRebuildAndThePayoutAddsUp() async throws {
        let show = "erasure-show"
        let asha = (id: "customer-asha-erasure", name: "Asha Erasedottir", phone: "+919811122233")
        let ashaEmail = "\(asha.id)@example.com"
        let (answer, message) = ("Unseen College 7", "meet me at gate seven, Asha here")
        let secrets = [ashaEmail, asha.name, asha.phone, answer, message]
        try await withDemoServerStores(seededAt: .now(), firstAdmin: "root@example.com", keysBesideLog: true) { client, log, live in
            try await shortShow(show, log: log, startsIn: .seconds(20))
            let driver = CheckoutDriver(client: client)
            let directory = URL(fileURLWithPath: log.path).deletingLastPathComponent()

            // Asha buys two seats, registers for the hackathon with her answers and writes in the show's chat.
            let ashaSession = try await account(asha.id, name: asha.name, phone: asha.phone, in: log, driver)
            _ = try await driver.buy(ashaSession, show: show, seats: ["A1", "A7"])
            let registered = try await driver.post("/api/event/demo-registration/register", ashaSession,
                                                   #"{"participants":[{"name":"\#(asha.name)","college":"\#(answer)"},{"name":"Her Teammate"}]}"#)
            try #require(registered.status == .ok, "\(String(buffer: registered.body))")
            let registration = try decode(Registration.self, registered).bookingId
            // The chat lets in ticket holders as the projections know them.
            try await waitForProjections(toReach: try await log.head(), in: live)
            let posted = try await driver.post("/api/event/\(show)/chat", ashaSession, #"{"text":"\#(message)"}"#)
            try #require(posted.status == .created, "\(String(buffer: posted.body))")
            // Ravi, who stays, does the same.
            let ravi = try await account("customer-ravi-stays", name: "Ravi Stays", phone: "+919800000042", in: log, driver)
            _ = try await driver.buy(ravi, show: show, seats: ["A2"])
            try await waitForProjections(toReach: try await log.head(), in: live)
            let raviPosted = try await driver.post("/api/event/\(show)/chat", ravi, #"{"text":"Ravi is still here"}"#)
            #expect(raviPosted.status == .created, "\(String(buffer: raviPosted.body))")

            // A stray request erases nobody; then Asha erases herself, and an admin's second request finds it done.
            let stray = try await client.execute(uri: "/api/user/account", method: .delete, headers: ashaSession, body: ByteBuffer(string: #"{"confirm":false}"#)) { $0 }
            #expect(stray.status == .badRequest && String(buffer: stray.body).contains("confirm"))
            let erased = try await client.execute(uri: "/api/user/account", method: .delete, headers: ashaSession, body: ByteBuffer(string: #"{"confirm":true}"#)) { $0 }
            try #require(erased.status == .ok, "\(String(buffer: erased.body))")
            #expect(try decode(Erased.self, erased).erased)
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            let again = try await driver.post("/api/admin/customers/\(asha.id)/erase", admin, "{}")
            #expect(again.status == .ok)
            #expect(try decode(Erased.self, again).alreadyErased)
            #expect(try await driver.post("/api/admin/customers/customer-nobody/erase", admin, "{}").status == .notFound)
            // Her sessions ended with her account.
            #expect(try await driver.get("/api/user/profile", ashaSession).status == .unauthorized)

            // The show ends on its own timer; its payout settles on what was sold, Asha's seats included.
            let owner = try await organizer()
            var payout: Payout?
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                payout = try decode(Payout.self, try await driver.get("/api/organizer/events/\(show)/payout", owner))
                if payout?.status == "pending", payout?.figures != nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let figures = try #require(payout?.figures)
            var paid: Int64 = 0
            var net: Int64 = 0
            var terms: [String: BookingTerms] = [:]
            for record in try await log.read(from: GlobalPosition(1), limit: 100_000) where record.stream.isIn(category: Booking.category) {
                switch try EventEncoding.decode(Booking.self, record) {
                case .started(let started)? where started.terms.show.rawValue == show: terms[record.stream.id] = started.terms
                case .confirmed(let confirmed)?:
                    guard let sold = terms[record.stream.id] else { continue }
                    paid += confirmed.payment?.amount.minor ?? 0
                    net += sold.price.base.minor
                default: break
                }
            }
            #expect(terms.count == 2 && figures.tickets == 3)
            #expect(figures.gross.minor == paid && figures.netPayable.minor == net && figures.platformFees.minor == paid - net)

            // Every view rebuilt from the log equals the live one: the erasure left what the sealed events now read.
            let head = try await log.head()
            try await waitForProjections(toReach: head, in: live)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-erasure-fresh-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            try await expectViewsEqualARebuild(log: log, live: live, fresh: try ProjectionStore(path: scratch.path, durable: false),
                                               head: head, note: "after the erasure")

            // What the API answers the organizer and the admin: Ravi in full, Asha erased.
            var answers: [String] = []
            for uri in ["/api/organizer/events/\(show)/attendees", "/api/organizer/events/\(show)/attendees.csv",
                        "/api/organizer/events/demo-registration/attendees", "/api/organizer/events/demo-registration/attendees.csv",
                        "/api/event/\(show)/chat", "/api/organizer/events/\(show)/payout"] {
                let response = try await driver.get(uri, owner)
                #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
                answers.append(String(buffer: response.body))
            }
            let said = answers.joined(separator: "\n")
            for secret in secrets { #expect(!said.contains(secret), "an API answer holds \(secret)") }
            #expect(said.contains("customer-ravi-stays@example.com") && said.contains("Ravi is still here") && said.contains(PersonalData.erased))

            // The tools: the log verifies (records and domain); a dump and an export hold nothing of hers, and
            // neither does the log's own file.
            let verified = try await ToolProcess.run(["log", "verify", "--data-dir", directory.path])
            #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
            for arguments in [["log", "dump", "--data-dir", directory.path], ["log", "dump", "--json", "--data-dir", directory.path]] {
                let dumped = try await ToolProcess.run(arguments)
                #expect(dumped.status == 0, "\(dumped.errors)")
                for secret in secrets { #expect(!dumped.output.contains(secret), "\(arguments) prints \(secret)") }
                #expect(dumped.output.contains("customer-ravi-stays@example.com"), "the dump reads who was not erased")
            }
            // The audits of her registration and of the show's payout.
            for arguments in [["audit", "booking", registration, "--json"], ["audit", "payout", show, "--json"]] {
                let told = try await ToolProcess.run(arguments + ["--data-dir", directory.path])
                #expect(told.status == 0 && !told.output.isEmpty, "\(arguments): \(told.output)\(told.errors)")
                for secret in secrets { #expect(!told.output.contains(secret), "\(arguments) tells \(secret)") }
            }
            let archive = scratch.appendingPathExtension("tktplz")
            defer { try? FileManager.default.removeItem(at: archive) }
            let exported = try await ToolProcess.run(["log", "export", "--data-dir", directory.path, archive.path])
            #expect(exported.status == 0, "\(exported.errors)")
            for file in [archive, directory.appendingPathComponent("events/data.mdb")] {
                let bytes = try Data(contentsOf: file)
                for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file.lastPathComponent) holds \(secret)") }
            }
        }
    }
}
