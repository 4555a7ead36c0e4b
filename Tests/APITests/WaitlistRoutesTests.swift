import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Place: Decodable {
    var status: String
    var place: Int?
    var count: Int?
    var bookingId: String?
    var waiting: Int
}

private struct Overview: Decodable {
    struct Entry: Decodable { var number: Int; var count: Int; var status: String; var seatType: String? }
    var waiting: Int
    var offered: Int
    var entries: [Entry]
}

/// The waiting list over HTTP, with the server's own reactor making the offers: premium seats of the demo show
/// sold out by one customer's holds, two customers waiting, a hold let go, the first in line offered the seats.
@Suite("API: waiting lists")
struct WaitlistRoutesTests {
    /// Polls the caller's place until `done` holds (ten seconds at most: the reactor follows the log).
    private func place(_ driver: CheckoutDriver, _ headers: HTTPFields, until done: (Place) -> Bool) async throws -> Place {
        var place = try decode(Place.self, try await driver.get("/api/waitlist/demo-seated", headers))
        for _ in 0..<200 where !done(place) {
            try await Task.sleep(for: .milliseconds(50))
            place = try decode(Place.self, try await driver.get("/api/waitlist/demo-seated", headers))
        }
        return place
    }

    @Test(.timeLimit(.minutes(1)))
    func aFreedSeatIsOfferedToTheFirstInLineAsAHoldInTheirName() async throws {
        let (holder, asha, ravi) = (try await customer("holder"), try await customer("asha"), try await customer("ravi"))
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            // Premium is rows H to J: 29 seats (J10 is blocked). A customer has one hold at a time, of at most ten
            // tickets: three customers hold them all.
            let rows = ["H", "I", "J"]
            var first: HoldReply?
            for (index, row) in rows.enumerated() {
                let seats = (1...(row == "J" ? 9 : 10)).map { "\(row)\($0)" }
                let held = try await driver.hold(index == 0 ? holder : try await customer("holder-\(index)"), seats: seats)
                if index == 0 { first = held }
            }
            // Enough regular seats are free: waiting for any seat is refused, naming what to do instead.
            let any = try await driver.post("/api/waitlist", asha, #"{"eventId":"demo-seated","count":2}"#)
            #expect(any.status == .conflict && String(buffer: any.body).contains("seats_available"))

            let joined = try await driver.post("/api/waitlist", asha, #"{"eventId":"demo-seated","count":2,"seatType":"premium"}"#)
            #expect(joined.status == .ok, "\(String(buffer: joined.body))")
            #expect(try decode(Place.self, joined).place == 1)
            let second = try await driver.post("/api/waitlist", ravi, #"{"eventId":"demo-seated","count":1,"seatType":"premium"}"#)
            #expect(try decode(Place.self, second).place == 2)
            let again = try await driver.post("/api/waitlist", asha, #"{"eventId":"demo-seated","count":3,"seatType":"premium"}"#)
            #expect(again.status == .conflict && String(buffer: again.body).contains("already_waiting"))
            let overview = try decode(Overview.self, try await driver.get("/api/organizer/events/demo-seated/waitlist", try await organizer()))
            #expect(overview.waiting == 2 && overview.entries.map(\.number) == [1, 2] && overview.entries.first?.seatType == "premium")

            // The first holder lets go of row H: Asha (first) is offered two seats, Ravi one.
            let released = try await driver.post("/api/booking/release", holder,
                                                 #"{"eventId":"demo-seated","bookingId":"\#(try #require(first).bookingId)"}"#)
            #expect(released.status == .ok)
            let offered = try await place(driver, asha) { $0.status == "offered" }
            #expect(offered.status == "offered")
            let booking = try #require(offered.bookingId)
            let ravis = try await place(driver, ravi) { $0.status == "offered" }
            #expect(ravis.status == "offered" && ravis.bookingId != booking)
            let show = try await CommandHandler<Show>(log: log).state(of: Show.stream(ShowID("demo-seated")))
            let hold = try #require(show.holds[BookingID(booking)])
            #expect(hold.customer == CustomerID("asha") && hold.items.count == 2)

            // Asha's offer is a hold like any other: she pays it, and her wait is over.
            let order = try await driver.order(asha, booking: booking)
            let paid = try await driver.pay(order.orderId)
            #expect(try await driver.verify(asha, booking: booking, paid).status == .ok)
            let done = try await place(driver, asha) { $0.status == "none" }
            #expect(done.status == "none")
        }
    }

    @Test func badRequestsNameTheirFieldAndLeavingTwiceIsDoneOnce() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            for (body, field) in [(#"{"eventId":"demo-seated","count":0}"#, "count"), (#"{"eventId":"demo-seated","count":11}"#, "count"),
                                  (#"{"eventId":"demo-seated","count":1,"seatType":"balcony"}"#, "seatType"),
                                  (#"{"eventId":"demo-seated","count":1,"category":"gold"}"#, "category"),
                                  (#"{"eventId":"demo-open","count":1,"seatType":"premium"}"#, "seatType"),
                                  (#"{"eventId":"demo-open","count":1}"#, "category"), (#"{"count":1}"#, "eventId")] {
                let response = try await driver.post("/api/waitlist", asha, body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(String(buffer: response.body).contains(field), "\(body): \(String(buffer: response.body))")
            }
            #expect(try await driver.post("/api/waitlist", asha, #"{"eventId":"nope","count":1}"#).status == .notFound)
            let registration = try await driver.post("/api/waitlist", asha, #"{"eventId":"demo-registration","count":1}"#)
            #expect(registration.status == .unprocessableContent && String(buffer: registration.body).contains("no_waiting_list"))

            let leave = { try await client.execute(uri: "/api/waitlist/demo-seated", method: .delete, headers: asha, body: nil) { $0 } }
            let notOn = try await leave()
            #expect(notOn.status == .ok && String(buffer: notOn.body).contains(#""left":false"#))
            #expect(try decode(Place.self, try await driver.get("/api/waitlist/demo-seated", asha)).status == "none")
        }
    }
}
