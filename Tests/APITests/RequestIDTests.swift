import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Ids named by a request are checked at the edge: what cannot name anything is a 400 naming the field, with the
/// documented error body and nothing appended, never a 500 with an empty body.
@Suite("API: ids at the edge")
struct RequestIDTests {
    static let long = String(repeating: "x", count: 300)

    @Test(arguments: [
        ("/api/booking/release", #"{"eventId":"demo-seated","bookingId":""}"#, "field bookingId is empty"),
        ("/api/booking/release", #"{"eventId":"\#(long)","bookingId":"b"}"#, "field eventId is 300 bytes long; an id has at most 128"),
        ("/api/booking/hold", #"{"eventId":"demo\u0000seated","seats":["A1"]}"#, "field eventId contains a control character"),
        ("/api/booking/hold", #"{"eventId":"demo-seated","seats":["J1","J1"]}"#, "field seats names J1 twice"),
        ("/api/booking/hold", #"{"eventId":"demo-seated","seats":[""]}"#, "field seats[0] is empty"),
        ("/api/payment/order", #"{"bookingId":""}"#, "field bookingId is empty"),
        ("/api/booking/confirm", #"{"bookingId":"\#(long)"}"#, "field bookingId is 300 bytes long; an id has at most 128"),
    ])
    func anOversizedOrMalformedIdIsA400NamingTheField(uri: String, body: String, message: String) async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let head = try await log.head()
            let response = try await CheckoutDriver(client: client).post(uri, asha, body)
            #expect(response.status == .badRequest)
            #expect(try decode(ErrorBody.self, response).error.message == message)
            #expect(try await log.head() == head)
        }
    }

    @Test func anIdInThePathThatCannotNameAnythingIsA400() async throws {
        try await withDemoServer { client, _ in
            let response = try await CheckoutDriver(client: client).get("/api/event/\(Self.long)/seats", [:])
            #expect(response.status == .badRequest)
            #expect(try decode(ErrorBody.self, response).error.message == "field eventId is 300 bytes long; an id has at most 128")
        }
    }

    @Test func anUnknownRouteAnswersInTheErrorShape() async throws {
        try await withDemoServer { client, _ in
            let response = try await CheckoutDriver(client: client).get("/api/no/such/route", [:])
            #expect(response.status == .notFound)
            #expect(try decode(ErrorBody.self, response).error.code == "not_found")
        }
    }
}
