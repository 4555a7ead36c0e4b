import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct BestHold: Decodable {
    struct Seats: Decodable { var seats: [String] }
    var items: Seats
}

/// `POST /api/booking/hold {eventId, best: {count, seatType?}}` on the demo show: its screen has rows A–J of ten
/// seats with an aisle after the fifth, H–J premium, so the best row is G (two thirds back) and the aisle its centre.
@Suite("API: holding the best available seats")
struct BestSeatsRoutesTests {
    static func hold(_ client: some TestClientProtocol, _ headers: HTTPFields, _ body: String) async throws -> (HTTPResponse.Status, ByteBuffer) {
        try await client.execute(uri: "/api/booking/hold", method: .post, headers: headers, body: ByteBuffer(string: body)) { ($0.status, $0.body) }
    }

    @Test func customersGetTheBestFreeSeatsSideBySideOnTheScreensLayout() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        let meera = try await customer("meera")
        try await withDemoServer { client, _ in
            let (status, body) = try await Self.hold(client, asha, #"{"eventId":"demo-seated","best":{"count":2}}"#)
            #expect(status == .ok)
            #expect(try JSONDecoder().decode(BestHold.self, from: Data(String(buffer: body).utf8)).items.seats.sorted() == ["G4", "G5"])
            // Across the aisle from the first pair: never G5 G6, which the aisle parts.
            let (_, second) = try await Self.hold(client, ravi, #"{"eventId":"demo-seated","best":{"count":2}}"#)
            #expect(try JSONDecoder().decode(BestHold.self, from: Data(String(buffer: second).utf8)).items.seats.sorted() == ["G6", "G7"])
            let (_, premium) = try await Self.hold(client, meera, #"{"eventId":"demo-seated","best":{"count":1,"seatType":"premium"}}"#)
            #expect(try JSONDecoder().decode(BestHold.self, from: Data(String(buffer: premium).utf8)).items.seats == ["H5"])
        }
    }

    @Test func badBestRequestsNameTheirField() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let cases: [(String, HTTPResponse.Status, String, String)] = [
                (#"{"eventId":"demo-seated","best":{"count":0}}"#, .badRequest, "invalid_body", "best.count"),
                (#"{"eventId":"demo-seated","best":{"count":1,"seatType":"gold"}}"#, .badRequest, "unknown_seat_type", "best.seatType"),
                (#"{"eventId":"demo-seated","best":{"count":2},"seats":["A1"]}"#, .badRequest, "invalid_body", "best"),
                (#"{"eventId":"demo-seated","best":{"count":11}}"#, .unprocessableContent, "too_many_tickets", "at most"),
                (#"{"eventId":"demo-open","best":{"count":1}}"#, .badRequest, "invalid_body", "seats, tickets or participants"),
                (#"{"eventId":"demo-seated","best":{}}"#, .badRequest, "invalid_body", "count"),
            ]
            for (body, status, code, mention) in cases {
                let (answered, bytes) = try await Self.hold(client, asha, body)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(String(buffer: bytes).utf8)).error
                #expect(answered == status && error.code == code && error.message.contains(mention), "\(body) → \(answered) \(error)")
            }
        }
    }

    @Test func moreSeatsOfATypeThanAreFreeIsAConflictThatHoldsNothing() async throws {
        // 29 premium seats (H–J, J10 blocked): two customers take ten each, the third asks for ten of the nine left.
        let (asha, ravi, meera) = (try await customer("asha"), try await customer("ravi"), try await customer("meera"))
        try await withDemoServer { client, log in
            for headers in [asha, ravi] {
                let (status, _) = try await Self.hold(client, headers, #"{"eventId":"demo-seated","best":{"count":10,"seatType":"premium"}}"#)
                #expect(status == .ok)
            }
            let before = try await log.head()
            let (status, bytes) = try await Self.hold(client, meera, #"{"eventId":"demo-seated","best":{"count":10,"seatType":"premium"}}"#)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(String(buffer: bytes).utf8)).error
            #expect(status == .conflict && error.code == "seats_unavailable")
            #expect(error.message == "10 seats asked for and 9 of them free; nothing was held")
            #expect(try await log.head() == before)
        }
    }

    @Test func anOrganizerWhoRefusesLoneSeatsGetsChoicesThatLeaveOneRefusedOnTheScreensLayout() async throws {
        let owner = try await organizer()
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            func put(_ headers: HTTPFields, _ body: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/organizer/events/demo-seated/lone-seats", method: .put, headers: headers,
                                         body: ByteBuffer(string: body)) { $0.status }
            }
            // Allowed until the organizer says otherwise.
            #expect(try await Self.hold(client, asha, #"{"eventId":"demo-seated","seats":["G2"]}"#).0 == .ok)
            #expect(try await put(owner, #"{"loneSeats":"refused"}"#) == .ok)
            #expect(try await put(try await organizer("other"), #"{"loneSeats":"allowed"}"#) == .forbidden)
            #expect(try await put(owner, #"{"loneSeats":"sometimes"}"#) == .badRequest)
            // G2 alone leaves G1 alone; G4 leaves G5 alone against the aisle (by names alone G5 G6 would be neighbours).
            for (seats, alone) in [(#"["G2"]"#, "G1"), (#"["G4"]"#, "G5")] {
                let (status, bytes) = try await Self.hold(client, asha, #"{"eventId":"demo-seated","seats":\#(seats)}"#)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(String(buffer: bytes).utf8)).error
                #expect(status == .unprocessableContent && error.code == "lone_seat" && error.message.hasPrefix("seats \(alone) would be left alone"),
                        "\(seats) → \(status) \(error)")
            }
            #expect(try await Self.hold(client, asha, #"{"eventId":"demo-seated","seats":["G1","G2"]}"#).0 == .ok)
            #expect(try await Self.hold(client, asha, #"{"eventId":"demo-seated","seats":["G4","G5"]}"#).0 == .ok)
        }
    }
}
