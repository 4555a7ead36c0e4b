import API
import Crypto
import Foundation
import Testing
import TestSupport

/// Paying and attending over a real port, with the built `tktplz serve` as a child process and its demo data
/// (seeded at start, so tonight's show has its doors open): hold → order → sandbox payment → verify → tickets,
/// the QR token checked offline, the PDF printed and scanned, the door, and refunds either side of the deadline.
@Suite("End to end: paying and attending over a real port")
struct CheckoutEndToEndTests {
    private struct Held: Decodable { var bookingId: String; var price: Price }
    private struct Price: Decodable { struct Amount: Decodable { var minor: Int64 }; var total: Amount }
    private struct Order: Decodable { var orderId: String; var amount: Int64 }
    private struct Paid: Decodable { var razorpay_order_id: String; var razorpay_payment_id: String; var razorpay_signature: String }
    private struct Ticket: Decodable { var ticketId: String; var admits: String; var token: String }
    private struct Confirmed: Decodable { var bookingId: String; var status: String; var tickets: [Ticket] }
    private struct Refunded: Decodable { struct Refund: Decodable { var status: String }; var refund: Refund?; var position: UInt64? }
    private struct Booking: Decodable { struct Refund: Decodable { var status: String }; var status: String; var refund: Refund? }
    private struct SeatMap: Decodable { struct Seat: Decodable { var id: String; var status: String }; var seats: [Seat] }
    private struct PublicKey: Decodable { var publicKey: String }
    private struct Outbox: Decodable { struct Mail: Decodable { var subject: String }; var mails: [Mail] }

    /// Hold, order, pay in the sandbox's checkout and verify, as a browser would.
    private func buy(_ seats: String, show: String, token: String, _ http: HTTPDriver) async throws -> Confirmed {
        let held = try await http.post("/api/booking/hold", #"{"eventId":"\#(show)","seats":[\#(seats)]}"#, token: token)
        try #require(held.status == 200, "\(held.body)")
        let booking = try held.json(Held.self)
        let ordered = try await http.post("/api/payment/order", #"{"bookingId":"\#(booking.bookingId)"}"#, token: token)
        try #require(ordered.status == 200, "\(ordered.body)")
        let order = try ordered.json(Order.self)
        #expect(order.amount == booking.price.total.minor)
        let paid = try await http.post("/sandbox/checkout/\(order.orderId)/pay", #"{"outcome":"succeed"}"#).json(Paid.self)
        let verified = try await http.post("/api/payment/verify", """
            {"bookingId":"\(booking.bookingId)","razorpay_order_id":"\(paid.razorpay_order_id)",\
            "razorpay_payment_id":"\(paid.razorpay_payment_id)","razorpay_signature":"\(paid.razorpay_signature)"}
            """, token: token)
        try #require(verified.status == 200, "\(verified.body)")
        return try verified.json(Confirmed.self)
    }

    @Test(.timeLimit(.minutes(3)))
    func holdPayVerifyTicketsTheDoorAndRefunds() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-e2e-pay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess.start(dataDirectory: directory.appendingPathComponent("data"))
        let http = HTTPDriver(port: server.port)
        let customer = try await http.signIn("customer@demo.tktplz")
        let door = try await http.signIn("organizer@demo.tktplz", organizer: true)

        // Tonight: paid, ticketed, mailed.
        let tonight = try await buy(#""A1""#, show: "demo-tonight", token: customer, http)
        #expect(tonight.status == "confirmed")
        let ticket = try #require(tonight.tickets.first)
        #expect(ticket.admits == "A1")
        // The confirmation mail comes from whichever of the verify and the gateway's webhook confirmed first, so
        // it may land just after the verify answers.
        var mailed = false
        for _ in 0..<100 where !mailed {
            mailed = try await http.get("/dev/outbox?to=customer@demo.tktplz").json(Outbox.self).mails.contains { $0.subject.contains("Your tickets") }
            if !mailed { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(mailed)

        // The QR token verifies offline with the published key alone.
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(base64URL(try await http.get("/api/ticket/public-key").json(PublicKey.self).publicKey)))
        let parts = ticket.token.split(separator: ".")
        #expect(key.isValidSignature(try #require(base64URL(String(parts[2]))), for: Data("\(parts[0]).\(parts[1])".utf8)))

        // The PDF prints, shows the seat, and its QR code scans back to the token.
        let pdf = try await http.bytes("/api/ticket/\(tonight.bookingId)/pdf", token: customer)
        #expect(pdf.status == 200 && pdf.type == "application/pdf")
        let pdfFile = directory.appendingPathComponent("ticket.pdf")
        try pdf.bytes.write(to: pdfFile)
        #expect(try ImageTools.text(ofPDF: pdfFile).contains("A1"))
        let pages = try ImageTools.renderPDF(pdfFile, into: directory)
        #expect(try pages.map { try ImageTools.scanQRCodes(in: $0) } == [[ticket.token]])

        // The door admits it once.
        let scan = #"{"token":"\#(ticket.token)"}"#
        #expect(try await http.post("/api/organizer/events/demo-tonight/check-in", scan, token: door).status == 200)
        let again = try await http.post("/api/organizer/events/demo-tonight/check-in", scan, token: door)
        #expect(again.status == 409)
        #expect(try again.json(ErrorBody.self).error.code == "already_checked_in")

        // Tonight's refunds closed 12 h before the start.
        let late = try await http.post("/api/payment/refund", #"{"bookingId":"\#(tonight.bookingId)"}"#, token: customer)
        #expect(late.status == 422)
        #expect(try late.json(ErrorBody.self).error.code == "refund_deadline_passed")

        // Next week's show: refunded, its seats back on sale, the refund completed by the gateway's webhook.
        let nextWeek = try await buy(#""B1","B2""#, show: "demo-seated", token: customer, http)
        let refunded = try await http.post("/api/payment/refund", #"{"bookingId":"\#(nextWeek.bookingId)"}"#, token: customer)
        #expect(refunded.status == 200, "\(refunded.body)")
        let position = try #require(try refunded.json(Refunded.self).position)
        let seats = try await http.get("/api/event/demo-seated/seats?after=\(position)").json(SeatMap.self)
        #expect(seats.seats.filter { ["B1", "B2"].contains($0.id) }.map(\.status) == ["free", "free"])
        var status: String?
        for _ in 0..<100 where status != "processed" {
            status = try await http.get("/api/user/bookings/\(nextWeek.bookingId)", token: customer).json(Booking.self).refund?.status
            if status != "processed" { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == "processed")

        await server.stop()
        #expect(server.exitStatus == 0)
    }
}
