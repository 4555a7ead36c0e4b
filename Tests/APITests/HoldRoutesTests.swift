import API
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Hold: Decodable {
    struct Price: Decodable {
        struct Amount: Decodable { var minor: Int64 }
        var total: Amount
        var fees: Amount
    }
    var bookingId: String
    var price: Price
    var position: UInt64
}

private struct SeatMap: Decodable {
    struct Seat: Decodable { var id: String; var status: String }
    var seats: [Seat]
}

private struct Released: Decodable {
    var released: Bool
    var position: UInt64?
}

@Suite("API: holding seats over HTTP")
struct HoldRoutesTests {
    @Test func aCustomerHoldsSeatsAndGetsTheServersPrice() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha,
                                     body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1","A2"]}"#)) { response in
                #expect(response.status == .ok)
                let hold = try decode(Hold.self, response)
                #expect(hold.price.total.minor == 56_000)
                #expect(hold.price.fees.minor == 6_000)
            }
        }
    }

    @Test func aSecondCustomerIsRefusedExactlyTheTakenSeatsAndNothingOfTheRequestIsHeld() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        try await withDemoServer { client, log in
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha,
                                     body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1","A2"]}"#)) { _ in }
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: ravi,
                                     body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A2","A3"]}"#)) { response in
                #expect(response.status == .conflict)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "seats_unavailable")
                #expect(error.message == "seats A2 are held or sold; nothing was held")
            }
            // The show's stream holds only the first customer's hold.
            let show = try Show.stream(ShowID("demo-seated"))
            let holds = try await log.read(stream: show, from: .first, direction: .forwards, limit: 100).filter { $0.type == "ItemsHeld" }
            #expect(holds.count == 1)
            #expect((try payloadJSON(holds[0])).contains("asha"))
        }
    }

    @Test func aHoldsShowEventBookingAndTimerLandInOneCommitAndARefusedHoldLeavesNoTimer() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        try await withDemoServer { client, log in
            let before = try await log.head()
            let hold = try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha,
                                                body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["C1"]}"#)) { response in
                #expect(response.status == .ok)
                return try decode(Hold.self, response)
            }
            // Next to each other, nothing between: the show's hold, then the booking it started.
            let written = try await log.read(from: before.next, limit: 10)
            #expect(written.map(\.type) == ["ItemsHeld", "BookingStarted"])
            #expect(written.last?.stream.category == "booking")
            #expect(written.last?.stream.id == hold.bookingId)
            #expect(written.last?.position.rawValue == hold.position)
            let timers = try log.pendingSchedule().filter { $0.stream.category == "holdtimer" }
            #expect(timers.map(\.stream.id) == [hold.bookingId])

            try await client.execute(uri: "/api/booking/hold", method: .post, headers: ravi,
                                     body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["C1"]}"#)) { response in
                #expect(response.status == .conflict)
            }
            #expect(try await log.head().rawValue == hold.position)
            #expect(try log.pendingSchedule().filter { $0.stream.category == "holdtimer" }.count == 1)
        }
    }

    @Test func releasingAHoldFreesItsSeats() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let booking = try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha,
                                                   body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["B5"]}"#)) { response in
                try decode(Hold.self, response).bookingId
            }
            let released = try await client.execute(uri: "/api/booking/release", method: .post, headers: asha,
                                                    body: ByteBuffer(string: #"{"eventId":"demo-seated","bookingId":"\#(booking)"}"#)) { response in
                #expect(response.status == .ok)
                return try decode(Released.self, response).position
            }
            try await client.execute(uri: "/api/event/demo-seated/seats?after=\(try #require(released))", method: .get) { response in
                let seats = Dictionary(uniqueKeysWithValues: try decode(SeatMap.self, response).seats.map { ($0.id, $0.status) })
                #expect(seats["B5"] == "free")
            }
        }
    }

    @Test func holdingNeedsACustomerSession() async throws {
        let organizer = try await SessionSigner(secret: String(repeating: "k", count: 32))
            .issue(for: Identity(role: .organizer, id: "o", email: "o@example.com"))
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/booking/hold", method: .post, body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1"]}"#)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: [.authorization: "Bearer \(organizer)"],
                                     body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1"]}"#)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test(arguments: [
        (#"{"eventId":"demo-seated","seats":["A1"],"tickets":{"gold":1}}"#, 400, "invalid_body", "give exactly one of the fields seats, tickets, participants or best"),
        (#"{"eventId":"demo-seated","seats":["Z99"]}"#, 400, "unknown_seats", "seats Z99 are not in this event's layout"),
        (#"{"eventId":"demo-open","tickets":{"gold":-3}}"#, 400, "invalid_body", "ask for at least one seat or ticket, with counts above zero"),
        (#"{"eventId":"demo-open","tickets":{"gold":11}}"#, 422, "too_many_tickets", "11 tickets asked for; at most 10 per order"),
        (#"{"eventId":"no-such-show","seats":["A1"]}"#, 404, "not_found", "event no-such-show does not exist"),
        (#"{"eventId":"demo-seated","seats":["A1"]"#, 400, "invalid_body", "the body is not valid JSON"),
        (#"{"eventId":"demo-seated","seats":"A1"}"#, 400, "invalid_body", "field seats has the wrong type"),
        (#"{"seats":["A1"]}"#, 400, "invalid_body", "field eventId is required"),
        (#"{"eventId":"demo-open","tickets":{"gold":99999999999999999999999}}"#, 400, "invalid_body", "field tickets.gold is out of range: whole numbers go up to 9223372036854775807"),
        (#""demo-seated""#, 400, "invalid_body", "the body must be a JSON object"),
        (#"[1,2]"#, 400, "invalid_body", "the body must be a JSON object"),
        (#"{"eventId":"demo-seated","seats":["A1"],"eventId":"demo-open"}"#, 400, "invalid_body", "field eventId is given twice"),
        (#"{"eventId":"demo-open","tickets":{"gold":1,"g\u006fld":2}}"#, 400, "invalid_body", "field tickets.gold is given twice"),
        (#"{"eventId":"demo-open","tickets":{"gold":0}}"#, 400, "invalid_body", "ask for at least one seat or ticket, with counts above zero"),
        (#"{"eventId":"demo-seated","seats":[]}"#, 400, "invalid_body", "ask for at least one seat or ticket, with counts above zero"),
    ] as [(String, Int, String, String)])
    func badHoldsAreRefusedWithTheirCodeAndAMessageNamingTheProblem(body: String, status: Int, code: String, message: String) async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let before = try await log.head()
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == status)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == code)
                #expect(error.message == message)
            }
            // Nothing of a refused hold reaches a show or booking stream (only its timer, which will decide nothing).
            let after = try await log.read(from: before.next, limit: 10)
            #expect(after.allSatisfy { $0.stream.category == "holdtimer" })
        }
    }

    @Test func anOversizedBodyIsA413AndNothingIsAppended() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let before = try await log.head()
            let seats = (0..<20_000).map { "\"S\($0)\"" }.joined(separator: ",")
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha,
                                     body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":[\#(seats)]}"#)) { response async throws in
                #expect(response.status == .contentTooLarge)
                #expect(try decode(ErrorBody.self, response).error.code == "body_too_large")
            }
            #expect(try await log.head() == before)
        }
    }

    @Test func expiredTamperedOrMissingTokensAre401sAndNothingIsAppended() async throws {
        let signer = try await SessionSigner(secret: testSecret)
        let identity = Identity(role: .customer, id: "asha", email: "asha@example.com")
        let expired = try await signer.issue(for: identity, now: Date().addingTimeInterval(-6 * 24 * 3600))
        let valid = try await signer.issue(for: identity)
        var characters = Array(valid)
        characters[characters.count / 2] = characters[characters.count / 2] == "a" ? "b" : "a"
        let tampered = String(characters)
        let otherKey = try await SessionSigner(secret: String(repeating: "x", count: 32)).issue(for: identity)
        try await withDemoServer { client, log in
            let before = try await log.head()
            for authorization in ["Bearer \(expired)", "Bearer \(tampered)", "Bearer \(otherKey)", "Bearer", nil] as [String?] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let authorization { headers[.authorization] = authorization }
                try await client.execute(uri: "/api/booking/hold", method: .post, headers: headers,
                                         body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1"]}"#)) { response async throws in
                    #expect(response.status == .unauthorized, "\(authorization ?? "no header")")
                    #expect(try decode(ErrorBody.self, response).error.message.isEmpty == false)
                }
            }
            #expect(try await log.head() == before)
        }
    }
}
