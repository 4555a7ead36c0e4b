import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing
import TestSupport

private struct PayoutReply: Decodable {
    struct Amount: Decodable, Equatable { var minor: Int64 }
    struct Figures: Decodable { var gross: Amount; var refunds: Amount; var platformFees: Amount; var netPayable: Amount; var tickets: Int }
    struct Entry: Decodable { var position: UInt64; var booking: String; var kind: String; var amount: Amount }
    struct Ledger: Decodable { var gross: Amount; var refunds: Amount; var net: Amount; var platformFees: Amount; var tickets: Int; var entries: [Entry] }
    var status: String
    var figures: Figures?
    var ledger: Ledger
}

@Suite("API: a show's end settles its payout to the paisa")
struct PayoutRoutesTests {
    /// The receipt mailed to the organizer (once, with the step that recorded it) and the ones the organizer and an
    /// admin download, read back by pdftotext: every figure and every ledger entry on a line of its own.
    private func expectReceipts(of show: String, figures: PayoutReply.Figures, entries: [PayoutReply.Entry], organizer: HTTPFields, admin: HTTPFields,
                                _ driver: CheckoutDriver) async throws {
        struct Outbox: Decodable {
            struct Mail: Decodable {
                struct Attachment: Decodable { var filename: String; var contentType: String; var data: Data }
                var subject: String
                var attachments: [Attachment]?
            }
            var mails: [Mail]
        }
        func rupees(_ amount: PayoutReply.Amount) -> String { "₹\(amount.minor / 100).\(String(format: "%02d", Int(amount.minor % 100)))" }
        // Recording the step again answers the same and mails nothing more.
        #expect(try await driver.post("/api/admin/payouts/\(show)/receipt", admin, "{}").status == .ok)
        let mails = try decode(Outbox.self, try await driver.get("/dev/outbox?to=\(DemoData.organizerEmail)", [:])).mails
            .filter { $0.subject == "Your payout receipt for Short Hamlet" }
        #expect(mails.count == 1)
        let attached = try #require(mails.first?.attachments?.first)
        #expect(attached.filename == "payout-receipt-\(show).pdf" && attached.contentType == "application/pdf")
        let downloaded = try await driver.get("/api/organizer/events/\(show)/payout/receipt.pdf", organizer)
        #expect(downloaded.headers[.contentType] == "application/pdf")
        let adminCopy = try await driver.get("/api/admin/payouts/\(show)/receipt.pdf", admin)
        #expect(try await driver.get("/api/admin/payouts/\(show)/receipt.pdf", organizer).status == .forbidden)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-receipt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, pdf) in [("mailed", attached.data), ("organizer", Data(buffer: downloaded.body)), ("admin", Data(buffer: adminCopy.body))] {
            let file = directory.appendingPathComponent("\(name).pdf")
            try pdf.write(to: file)
            let lines = try ImageTools.text(ofPDF: file).components(separatedBy: "\n")
                .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            for expected in ["Gross (paid by customers) \(rupees(figures.gross))", "Refunds \(rupees(figures.refunds))",
                             "Platform fees \(rupees(figures.platformFees))", "Net payable \(rupees(figures.netPayable))",
                             "Tickets \(figures.tickets)"] {
                #expect(lines.contains(expected), "\(name) receipt: \(expected)")
            }
            for entry in entries {
                #expect(lines.contains("\(entry.position) \(entry.booking) \(entry.kind) \(rupees(entry.amount))"), "\(name) receipt: entry \(entry.position)")
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func soldTicketsTwoRefundsAndTheEndGiveAPayoutEqualToTheLogsSums() async throws {
        let show = "money-show"
        try await withDemoServerStores(seededAt: .now(), firstAdmin: "root@example.com") { client, log, _ in
            try await shortShow(show, log: log)
            let driver = CheckoutDriver(client: client)
            var bought: [String] = []
            for (who, seats) in [("c1", ["A1", "A2"]), ("c2", ["A6"]), ("c3", ["A3", "A7"]), ("c4", ["A4"])] {
                bought.append(try await driver.buy(try await customer(who), show: show, seats: seats).bookingId)
            }
            for (who, booking) in [("c2", bought[1]), ("c3", bought[2])] {
                let refunded = try await driver.post("/api/payment/refund", try await customer(who), #"{"bookingId":"\#(booking)"}"#)
                #expect(refunded.status == .ok, "\(String(buffer: refunded.body))")
            }
            // The show ends on its own timer; its payout is settled.
            let door = try await organizer()
            var payout: PayoutReply?
            let deadline = ContinuousClock.now + .seconds(50)
            while ContinuousClock.now < deadline {
                payout = try decode(PayoutReply.self, try await driver.get("/api/organizer/events/\(show)/payout", door))
                if payout?.status == "pending", payout?.figures != nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let settled = try #require(payout)
            #expect(settled.status == "pending")
            let figures = try #require(settled.figures)

            // The same sums, recomputed from the log's own records.
            var started: [String: BookingTerms] = [:]
            var paid: [String: Int64] = [:]
            var refunded: [String: Int64] = [:]
            for record in try await log.read(from: GlobalPosition(1), limit: 100_000) where record.stream.isIn(category: Booking.category) {
                switch try EventEncoding.decode(Booking.self, record) {
                case .started(let s)? where s.terms.show.rawValue == show: started[record.stream.id] = s.terms
                case .confirmed(let c)? where started[record.stream.id] != nil: paid[record.stream.id] = c.payment?.amount.minor ?? 0
                case .refundRequested(let r)? where paid[record.stream.id] != nil: refunded[record.stream.id] = r.amount.minor
                default: break
                }
            }
            let gross = paid.values.reduce(0, +)
            let refunds = refunded.values.reduce(0, +)
            let kept = paid.keys.filter { refunded[$0] == nil }
            let net = kept.compactMap { started[$0]?.price.base.minor }.reduce(0, +)
            #expect(paid.count == 4 && refunded.count == 2)
            #expect(figures.gross.minor == gross && figures.refunds.minor == refunds && figures.netPayable.minor == net)
            #expect(figures.platformFees.minor == gross - refunds - net)
            #expect(figures.tickets == kept.compactMap { started[$0]?.items.count }.reduce(0, +))
            // Without fee refunds, a refund returns the ticket price only: the fee stays, so fees exceed the kept ones.
            #expect(refunds == refunded.keys.compactMap { started[$0]?.price.base.minor }.reduce(0, +))
            // The ledger agrees, entry by entry, each at the log position it came from.
            let ledger = settled.ledger
            #expect(ledger.gross == figures.gross && ledger.refunds == figures.refunds && ledger.net == figures.netPayable)
            #expect(ledger.platformFees == figures.platformFees && ledger.tickets == figures.tickets)
            #expect(ledger.entries.filter { $0.kind == "paid" }.map(\.amount.minor).reduce(0, +) == gross)
            #expect(ledger.entries.filter { $0.kind == "refunded" }.map(\.amount.minor).reduce(0, +) == refunds)
            for entry in ledger.entries {
                let record = try #require(try await log.read(from: GlobalPosition(entry.position), limit: 1).first)
                #expect(record.stream.id == entry.booking)
                #expect(record.type == (entry.kind == "paid" ? "BookingConfirmed" : "RefundRequested"))
            }
            // Paying the organizer goes receipt, initiate, confirm, in that order only.
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            struct Step: Decodable { var status: String }
            let confirm = "/api/organizer/events/\(show)/payout/confirm"
            let early = try await driver.post(confirm, door, "{}")
            #expect(early.status == .conflict)
            #expect(try decode(ErrorBody.self, early).error.code == "out_of_order")
            #expect(try await driver.post("/api/admin/payouts/\(show)/initiate", admin, #"{"method":"upi","reference":"UTR1"}"#).status == .conflict)
            #expect(try await driver.post("/api/admin/payouts/\(show)/receipt", door, "{}").status == .forbidden)
            #expect(try await driver.get("/api/organizer/events/\(show)/payout/receipt.pdf", door).status == .ok, "readable once settled")
            #expect(try decode(Step.self, try await driver.post("/api/admin/payouts/\(show)/receipt", admin, "{}")).status == "receiptSent")
            try await expectReceipts(of: show, figures: figures, entries: ledger.entries, organizer: door, admin: admin, driver)
            #expect(try await driver.post("/api/admin/payouts/\(show)/initiate", admin, #"{"method":"cash","reference":"x"}"#).status == .badRequest)
            #expect(try decode(Step.self, try await driver.post("/api/admin/payouts/\(show)/initiate", admin, #"{"method":"upi","reference":"UTR1"}"#)).status == "initiated")
            #expect(try await driver.post(confirm, try await organizer("someone-else"), "{}").status == .forbidden)
            #expect(try decode(Step.self, try await driver.post(confirm, door, "{}")).status == "paid")
            // The dashboards add up the same ledger.
            struct Dashboard: Decodable {
                struct Totals: Decodable { var ticketsSold: Int; var gross: PayoutReply.Amount; var net: PayoutReply.Amount }
                struct Row: Decodable { var eventId: String; var ticketsSold: Int; var gross: PayoutReply.Amount }
                var totals: Totals
                var shows: [Row]?
            }
            let mine = try decode(Dashboard.self, try await driver.get("/api/organizer/dashboard", door))
            let row = try #require(mine.shows?.first { $0.eventId == show })
            #expect(row.ticketsSold == figures.tickets && row.gross == figures.gross)
            #expect(mine.totals.ticketsSold >= figures.tickets)
            struct Payouts: Decodable { struct Item: Decodable { var eventId: String; var status: String }; var payouts: [Item] }
            #expect(try decode(Payouts.self, try await driver.get("/api/admin/payouts", admin)).payouts.map(\.eventId) == [show])
            let platform = try decode(Dashboard.self, try await driver.get("/api/admin/dashboard", admin))
            #expect(platform.totals.gross == mine.totals.gross)
            #expect(try await driver.get("/api/organizer/dashboard", admin).status == .forbidden)
            // Somebody else's show's payout is not theirs to see.
            #expect(try await driver.get("/api/organizer/events/\(show)/payout", try await organizer("someone-else")).status == .forbidden)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aReTimedShowEndsAndSettlesAtItsNewEndNotItsOldOne() async throws {
        let show = "moved-show"
        try await withDemoServerStores(seededAt: .now()) { client, log, _ in
            try await shortShow(show, log: log, startsIn: .seconds(1), lasting: .seconds(2))
            let driver = CheckoutDriver(client: client)
            let door = try await organizer()
            let now = Instant.now()
            let newEnd = now.adding(.seconds(8))
            let moved = try await driver.put("/api/organizer/events/\(show)/schedule", door,
                                             #"{"start":\#(now.adding(.seconds(6)).rawValue),"end":\#(newEnd.rawValue)}"#)
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            let stream = try Show.stream(ShowID(show))
            func ended() async throws -> [ShowEnded] {
                try await log.read(stream: stream, from: .first, direction: .forwards, limit: 100).compactMap { record in
                    if case .ended(let ended)? = try EventEncoding.decode(Show.self, record) { ended } else { nil }
                }
            }
            // Well past the old end (3 s out), the show has not ended and nothing is settled.
            try await Task.sleep(for: .seconds(5))
            #expect(try await ended().isEmpty)
            struct Status: Decodable { var status: String }
            #expect(try decode(Status.self, try await driver.get("/api/organizer/events/\(show)/payout", door)).status == "none")
            // At the new end it ends, once, and settles.
            var status = ""
            while status != "pending" {
                try await Task.sleep(for: .milliseconds(100))
                status = try decode(Status.self, try await driver.get("/api/organizer/events/\(show)/payout", door)).status
            }
            let end = try await ended()
            #expect(end.count == 1 && end.first?.at == newEnd)
            let timers = try await log.read(stream: try ShowEndTimer.stream(ShowID(show)), from: .first, direction: .forwards, limit: 100)
            #expect(timers.count == 1, "one timer fired, at the new end")
        }
    }

    /// The admin who pays an organizer reads where to: every read is recorded in the organizer's stream (who and
    /// when) before the details are answered; nobody else reads them.
    @Test func anAdminReadsAnOrganizersPayoutDetailsAndTheReadIsInTheLog() async throws {
        struct Read: Decodable {
            struct Details: Decodable { var method: String; var upiId: String? }
            var organizerId: String
            var details: Details
            var position: UInt64?
        }
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            let path = "/api/admin/payouts/demo-seated/details"
            // Nothing set yet: nothing to read, and nothing recorded.
            #expect(try await driver.get(path, admin).status == .notFound)
            #expect(try await driver.put("/api/organizer/payout-details", try await organizer(), #"{"upiId":"demo@okbank"}"#).status == .ok)
            for (caller, status) in [(try await customer("asha"), HTTPResponse.Status.forbidden), (try await organizer(), .forbidden), ([:], .unauthorized)] {
                #expect(try await driver.get(path, caller).status == status)
            }
            let read = try decode(Read.self, try await driver.get(path, admin))
            #expect(read.organizerId == DemoData.organizer.rawValue && read.details.method == "upi" && read.details.upiId == "demo@okbank")
            _ = try await driver.get(path, admin)
            let reads = try await log.history(of: try Organizer.stream(DemoData.organizer)).filter { $0.type == "PayoutDetailsRead" }
            #expect(reads.count == 2, "each read is recorded")
            #expect(reads.first?.position.rawValue == read.position)
            guard case .organizer(.payoutDetailsRead(let recorded))? = try DomainEvent.of(try #require(reads.first)) else {
                Issue.record("the record is a PayoutDetailsRead")
                return
            }
            let adminID = try await SessionSigner(secret: testSecret).verify(String(try #require(admin[.authorization]).dropFirst("Bearer ".count))).id
            #expect(recorded.by == AdminID(adminID))
            #expect(try await driver.get("/api/admin/payouts/no-such-show/details", admin).status == .notFound)
        }
    }
}
