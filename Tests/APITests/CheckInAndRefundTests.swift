import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import TestSupport
import Testing

private struct CheckedIn: Decodable {
    var admitted: Bool
    var ticketId: String
    var admits: String
}

private struct RefundReply: Decodable {
    struct Refund: Decodable {
        struct Amount: Decodable { var minor: Int64 }
        var refundId: String
        var amount: Amount
        var status: String
    }
    var bookingId: String
    var refund: Refund?
    var position: UInt64?
}

private struct SeatMap: Decodable {
    struct Seat: Decodable { var id: String; var status: String }
    var seats: [Seat]
}

/// Scans `token` at the door of `show`.
private func scan(_ token: String, at show: String = "demo-tonight", by staff: HTTPFields, _ driver: CheckoutDriver) async throws -> TestResponse {
    try await driver.post("/api/organizer/events/\(show)/check-in", staff, #"{"token":"\#(token)"}"#)
}

@Suite("API: the door and refunds")
struct CheckInAndRefundTests {
    @Test func aTicketIsAdmittedOnceAndTheSecondScanNamesTheFirst() async throws {
        let asha = try await customer("asha")
        let door = try await organizer()
        try await withDemoServer(seededAt: .now()) { client, log in
            let driver = CheckoutDriver(client: client)
            let ticket = try #require(try await driver.buy(asha, show: "demo-tonight", seats: ["A1"]).tickets.first)
            let first = try await scan(ticket.token, by: door, driver)
            #expect(first.status == .ok)
            let admitted = try decode(CheckedIn.self, first)
            #expect(admitted.admitted && admitted.ticketId == ticket.ticketId && admitted.admits == "A1")
            let second = try await scan(ticket.token, by: door, driver)
            #expect(second.status == .conflict)
            let error = try decode(ErrorBody.self, second).error
            #expect(error.code == "already_checked_in")
            // When (ISO 8601) and by whom it was first used.
            #expect(error.message.range(of: #"used at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z by "#, options: .regularExpression) != nil)
            #expect(error.message.hasSuffix("by \(DemoData.organizer.rawValue)"))
            // The door's count shows it, for the show's organizer only.
            struct Door: Decodable { var valid: Int; var checkedIn: Int }
            let head = try await log.head().rawValue
            let counts = try decode(Door.self, try await driver.get("/api/organizer/events/demo-tonight/check-ins?after=\(head)", door))
            #expect(counts.valid == 1 && counts.checkedIn == 1)
            #expect(try await driver.get("/api/organizer/events/demo-tonight/check-ins", try await organizer("another-organizer")).status == .forbidden)
            // The holder sees the ticket used.
            struct Tickets: Decodable { var tickets: [TicketReply] }
            let mine = try await driver.get("/api/ticket/\(try admittedBooking(first))", asha)
            #expect(try decode(Tickets.self, mine).tickets.first?.status == "used")
        }
    }

    @Test func scannersRacingOnOneTicketAdmitItOnce() async throws {
        let asha = try await customer("asha")
        let door = try await organizer()
        try await withDemoServer(seededAt: .now()) { client, log in
            let driver = CheckoutDriver(client: client)
            let ticket = try #require(try await driver.buy(asha, show: "demo-tonight", seats: ["A2"]).tickets.first)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<10 { group.addTask { try await scan(ticket.token, by: door, driver).status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 9)
            #expect(try await records("TicketCheckedIn", in: log).count == 1)
        }
    }

    @Test func forgedForeignAndOutOfWindowTicketsAreRefusedWithTheReason() async throws {
        let asha = try await customer("asha")
        let door = try await organizer()
        try await withDemoServer(seededAt: .now()) { client, log in
            let driver = CheckoutDriver(client: client)
            let tonight = try #require(try await driver.buy(asha, show: "demo-tonight", seats: ["B1"]).tickets.first)
            let nextWeek = try #require(try await driver.buy(asha, show: "demo-seated", seats: ["B1"]).tickets.first)
            try await Task.sleep(for: .milliseconds(100))
            let head = try await log.head()
            // One character of the claims changed: the signature no longer matches.
            var altered = Array(tonight.token)
            let index = 8
            altered[index] = altered[index] == "A" ? "B" : "A"
            let cases: [(String, String, HTTPFields, HTTPResponse.Status, String)] = [
                (String(altered), "demo-tonight", door, .badRequest, "invalid_ticket"),
                ("not-a-ticket", "demo-tonight", door, .badRequest, "invalid_ticket"),
                (nextWeek.token, "demo-tonight", door, .conflict, "wrong_event"),
                (nextWeek.token, "demo-seated", door, .unprocessableContent, "outside_check_in_window"),
                (tonight.token, "demo-tonight", try await organizer("another-organizer"), .forbidden, "not_your_event"),
                (tonight.token, "demo-tonight", asha, .forbidden, "wrong_role"),
            ]
            for (token, show, staff, status, code) in cases {
                let response = try await scan(token, at: show, by: staff, driver)
                #expect(response.status == status, "\(code): \(String(buffer: response.body))")
                #expect(try decode(ErrorBody.self, response).error.code == code)
            }
            #expect(try await log.head() == head)
        }
    }

    @Test func aRefundBeforeTheDeadlineReturnsTheSeatsAndCompletesByWebhook() async throws {
        struct Outbox: Decodable { struct Mail: Decodable { var subject: String; var text: String }; var mails: [Mail] }
        let asha = try await customer("asha")
        let door = try await organizer()
        try await withDemoServer { client, log in
            // An account, so the mail has an address to go to.
            _ = try await CommandHandler<Customer>(log: log).handle(
                .register(CustomerID("asha"), email: "asha@example.com", name: "Asha", now: .now()), on: try Customer.stream(CustomerID("asha")))
            let driver = CheckoutDriver(client: client)
            let confirmed = try await driver.buy(asha, seats: ["G1", "G2"])
            try await Task.sleep(for: .milliseconds(100))
            let response = try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(confirmed.bookingId)"}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let refunded = try decode(RefundReply.self, response)
            let refund = try #require(refunded.refund)
            #expect(refund.amount.minor == 56_000)
            let seats = try await driver.get("/api/event/demo-seated/seats?after=\(try #require(refunded.position))", [:])
            let status = Dictionary(uniqueKeysWithValues: try decode(SeatMap.self, seats).seats.map { ($0.id, $0.status) })
            #expect(status["G1"] == "free" && status["G2"] == "free")
            #expect(try await eventually { try await records("RefundProcessed", in: log).count == 1 })
            // A refunded ticket no longer opens the door.
            let scanned = try await scan(try #require(confirmed.tickets.first).token, at: "demo-seated", by: door, driver)
            #expect(try decode(ErrorBody.self, scanned).error.code == "ticket_refunded")
            // Asking again changes nothing.
            let head = try await log.head()
            let again = try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(confirmed.bookingId)"}"#)
            #expect(again.status == .ok)
            #expect(try decode(RefundReply.self, again).refund?.status == "processed")
            #expect(try await log.head() == head)
            // The customer is told it was processed, once.
            let mails = try decode(Outbox.self, try await driver.get("/dev/outbox?to=asha@example.com", [:])).mails
            let processed = mails.filter { $0.subject == "Refund processed for booking \(confirmed.bookingId)" }
            #expect(processed.count == 1)
            #expect(processed.first?.text.contains("INR 560.00 is back on your payment method") == true, "\(processed)")
        }
    }

    @Test func theRoomHearsRefundedSeatsReleasedAndARepeatedRefundWebhookChangesNothing() async throws {
        let asha = try await customer("asha")
        try await withDemoServer(.live) { client, log in
            let driver = CheckoutDriver(client: client)
            let confirmed = try await driver.buy(asha, seats: ["J1", "J2"])
            try await Task.sleep(for: .milliseconds(100))
            let after = try await log.head().rawValue
            let frame = try await withRoomSocketValue(port: try #require(client.port)) { socket -> RoomFrame in
                _ = try await socket.join("demo-seated", after: after)
                _ = try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(confirmed.bookingId)"}"#)
                var frame = try await socket.next()
                while frame.type != "seats-released" { frame = try await socket.next() }
                return frame
            }
            #expect(frame.seats == ["J1", "J2"])
            #expect(try await eventually { try await records("RefundProcessed", in: log).count == 1 })
            let processing = try #require(try await records("RefundProcessing", in: log).first)
            let reference = try #require((try payloadJSON(processing)).split(separator: "\"").dropFirst(3).first)
            let requested = try #require(try await records("RefundRequested", in: log).first)
            let requestedJSON = try payloadJSON(requested)
            let refundID = try #require(requestedJSON.range(of: #"refund-[0-9a-f-]{36}"#, options: .regularExpression).map { String(requestedJSON[$0]) })
            let webhook = signedWebhook("""
                {"entity":"event","event":"refund.processed","created_at":1,"payload":{"refund":{"entity":{"id":"\(reference)","entity":"refund",\
                "amount":56000,"currency":"INR","payment_id":"pay_x","status":"processed","notes":{"bookingId":"\(confirmed.bookingId)","refundId":"\(refundID)"}}}}}
                """)
            let head = try await log.head()
            let replay = try await driver.post("/api/payment/webhook", [.contentType: "application/json", HTTPField.Name("X-Razorpay-Signature")!: webhook.signature], webhook.body)
            #expect(replay.status == .ok)
            #expect(try await log.head() == head)
        }
    }

    @Test func theSandboxCheckoutPageShowsTheOrderAndPaysThroughTheSandbox() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["J3"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let page = try await driver.get(try #require(order.checkoutUrl), [:])
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            let amount = String(format: "INR %d.%02d", order.amount / 100, order.amount % 100)
            #expect(html.contains(amount) && html.contains(held.bookingId) && html.contains("/api/payment/verify"), "\(amount)")
            #expect(try await driver.get("/sandbox/checkout/order_unknown", [:]).status == .notFound)
        }
    }

    @Test func aRefundAfterTheDeadlineIsRefusedAndChangesNothing() async throws {
        let asha = try await customer("asha")
        try await withDemoServer(seededAt: .now()) { client, log in
            let driver = CheckoutDriver(client: client)
            let confirmed = try await driver.buy(asha, show: "demo-tonight", seats: ["C5"])
            try await Task.sleep(for: .milliseconds(100))
            let head = try await log.head()
            let response = try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(confirmed.bookingId)"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(try decode(ErrorBody.self, response).error.code == "refund_deadline_passed")
            #expect(try await log.head() == head)
        }
    }

    @Test func aFailedRefundIsRecordedAndCanBeSentAgain() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let confirmed = try await driver.buy(asha, seats: ["G5"])
            _ = try await driver.post("/sandbox/refunds/fail-next", [.contentType: "application/json"], #"{"count":1}"#)
            _ = try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(confirmed.bookingId)"}"#)
            #expect(try await eventually { try await records("RefundFailed", in: log).count == 1 })
            let retried = try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(confirmed.bookingId)"}"#)
            #expect(retried.status == .ok)
            #expect(try await eventually { try await records("RefundProcessed", in: log).count == 1 })
            #expect(try await records("RefundRequested", in: log).count == 1)
        }
    }

    @Test func ticketsComeAsQRCodesAndAPDFThatScanBackToTheirTokens() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let confirmed = try await driver.buy(asha, seats: ["D1", "D2"])
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-tickets-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let ticket = try #require(confirmed.tickets.first)
            let svg = try await driver.get("/api/ticket/\(confirmed.bookingId)/\(ticket.ticketId)/qr.svg", asha)
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(String(buffer: svg.body).hasPrefix("<svg"))
            let png = try await driver.get("/api/ticket/\(confirmed.bookingId)/\(ticket.ticketId)/qr.png", asha)
            #expect(png.headers[.contentType] == "image/png")
            let pngFile = scratch.appendingPathComponent("qr.png")
            try Data(buffer: png.body).write(to: pngFile)
            #expect(try ImageTools.scanQRCodes(in: pngFile) == [ticket.token])
            let pdf = try await driver.get("/api/ticket/\(confirmed.bookingId)/pdf", asha)
            #expect(pdf.headers[.contentType] == "application/pdf")
            let pdfFile = scratch.appendingPathComponent("tickets.pdf")
            try Data(buffer: pdf.body).write(to: pdfFile)
            let text = try ImageTools.text(ofPDF: pdfFile)
            #expect(text.contains("Hamlet") && text.contains("D1") && text.contains("D2") && text.contains("Convenience fee"))
            let pages = try ImageTools.renderPDF(pdfFile, into: scratch)
            #expect(try pages.map { try ImageTools.scanQRCodes(in: $0) } == confirmed.tickets.map { [$0.token] })
            // The organizer of the show may fetch them too.
            #expect(try await driver.get("/api/ticket/\(confirmed.bookingId)", try await organizer()).status == .ok)
        }
    }
}

private func admittedBooking(_ response: TestResponse) throws -> String {
    struct Admitted: Decodable { var bookingId: String }
    return try decode(Admitted.self, response).bookingId
}
