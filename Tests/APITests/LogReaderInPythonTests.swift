import Foundation
import Testing
import TestSupport

/// The log is readable outside Swift with standard tools: a booking paid over a real port, the log exported with
/// `tktplz log export`, and `tools/python/read_tktplz_log.py` (PyPI's protobuf, the committed descriptor set, no
/// protoc) checks the archive's framing and hash chain and decodes every payload; the booking's amounts in the log
/// are the API's.
@Suite("The log read from Python")
struct LogReaderInPythonTests {
    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private struct Held: Decodable { var bookingId: String }
    private struct Order: Decodable { var orderId: String; var amount: Int64 }
    private struct Paid: Decodable { var razorpay_order_id: String; var razorpay_payment_id: String; var razorpay_signature: String }
    private struct Booking: Decodable {
        struct Price: Decodable { struct Amount: Decodable { var minor: Int64 }; var total: Amount }
        var status: String
        var price: Price
    }

    @Test(.timeLimit(.minutes(3)))
    func aPaidBookingsAmountsInTheExportedLogAreTheAPIs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-python-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let server = try await ServerProcess.start(dataDirectory: data)
        let http = HTTPDriver(port: server.port)
        let customer = try await http.signIn("customer@demo.tktplz")

        let held = try await http.post("/api/booking/hold", #"{"eventId":"demo-seated","seats":["C4","C5"]}"#, token: customer)
        try #require(held.status == 200, "\(held.body)")
        let booking = try held.json(Held.self).bookingId
        let order = try await http.post("/api/payment/order", #"{"bookingId":"\#(booking)"}"#, token: customer).json(Order.self)
        let paid = try await http.post("/sandbox/checkout/\(order.orderId)/pay", #"{"outcome":"succeed"}"#).json(Paid.self)
        let verified = try await http.post("/api/payment/verify", """
            {"bookingId":"\(booking)","razorpay_order_id":"\(paid.razorpay_order_id)",\
            "razorpay_payment_id":"\(paid.razorpay_payment_id)","razorpay_signature":"\(paid.razorpay_signature)"}
            """, token: customer)
        try #require(verified.status == 200, "\(verified.body)")
        let answer = try await http.get("/api/user/bookings/\(booking)", token: customer).json(Booking.self)
        #expect(answer.status == "confirmed")

        let archive = directory.appendingPathComponent("log.tktlog")
        let exported = try await ToolProcess.run(["log", "export", "--data-dir", data.path, archive.path])
        try #require(exported.status == 0, "\(exported.errors)")

        let python = Self.packageRoot.appendingPathComponent(".build-venv/bin/python3")
        let reader = Self.packageRoot.appendingPathComponent("tools/python/read_tktplz_log.py").path
        let schema = Self.packageRoot.appendingPathComponent("schema/tktplz-events-v1.desc").path
        let (status, output, errors) = try await ToolProcess.run([reader, archive.path, "--schema", schema], executable: python)
        try #require(status == 0, "the Python reader failed: \(errors)")
        let lines = try output.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.count > 20)
        #expect(lines.allSatisfy { field($0, "payload", "format") == nil }, "every payload this version wrote decodes with the published schema")

        let mine = lines.filter { field($0, "stream") as? String == "booking-\(booking)" }
        #expect(mine.map { field($0, "type") as? String } == ["BookingStarted", "OrderCreated", "BookingConfirmed"])
        // int64 fields are strings in protobuf's JSON mapping.
        let total = String(answer.price.total.minor)
        #expect(mine.count == 3)
        if mine.count == 3 {
            #expect(field(mine[0], "payload", "terms", "price", "total", "minor") as? String == total)
            #expect(field(mine[1], "payload", "amount", "minor") as? String == total)
            #expect(field(mine[2], "payload", "payment", "amount", "minor") as? String == total)
        }
        #expect(order.amount == answer.price.total.minor)
    }
}

/// The value at `path` in a JSON object, if there is one.
private func field(_ object: [String: Any], _ path: String...) -> Any? {
    var value: Any? = object
    for key in path { value = (value as? [String: Any])?[key] }
    return value
}
