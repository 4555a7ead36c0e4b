import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Edited: Decodable { var eventId: String; var status: String }
private struct Mine: Decodable {
    struct Show: Decodable { var eventId: String; var status: String; var capacity: Int }
    var events: [Show]
    var position: UInt64
}
private struct Cancelled: Decodable { var refunded: [String] }

/// A seated show on the demo screen at `start` (ms), priced per seat type, in the organizer's own words.
private func seatedDraft(start: Int64, title: String = "Othello") -> String {
    """
    {"kind":"seating","title":"\(title)","city":"Pune","venue":"Demo Hall","hallId":"demo-hall","screenId":"demo-screen",
     "start":\(start),"end":\(start + 3 * 3_600_000),"seatPrices":{"regular":30000,"premium":70000}}
    """
}

@Suite("API: organizers' own shows")
struct OrganizerShowsTests {
    @Test func anOrganizerDraftsASeatedShowFromTheScreenSubmitsItAndAClashingSlotIsRefused() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            // Two weeks after the demo shows, so the screen is free then.
            let start = demoSeedTime.rawValue + 14 * 86_400_000
            let drafted = try await driver.post("/api/organizer/events", owner, seatedDraft(start: start))
            #expect(drafted.status == .ok, "\(String(buffer: drafted.body))")
            let show = try decode(Edited.self, drafted)
            #expect(show.status == "draft")
            let clash = try await driver.post("/api/organizer/events", owner, seatedDraft(start: start + 3_600_000, title: "Clash"))
            #expect(clash.status == .conflict)
            #expect(try decode(ErrorBody.self, clash).error.message.contains(show.eventId))
            // Another organizer, or a customer, cannot submit it.
            #expect(try await driver.post("/api/organizer/events/\(show.eventId)/submit", try await organizer("other"), "{}").status == .forbidden)
            #expect(try await driver.post("/api/organizer/events/\(show.eventId)/submit", try await customer("asha"), "{}").status == .forbidden)
            let submitted = try await driver.post("/api/organizer/events/\(show.eventId)/submit", owner, "{}")
            #expect(try decode(Edited.self, submitted).status == "submitted")
            let head = try await log.head().rawValue
            let mine = try decode(Mine.self, try await driver.get("/api/organizer/events?after=\(head)", owner))
            let listed = try #require(mine.events.first { $0.eventId == show.eventId })
            #expect(listed.status == "submitted" && listed.capacity == 99)
            #expect(mine.events.count == 6)
            #expect(try decode(Mine.self, try await driver.get("/api/organizer/events?after=\(head)", try await organizer("other"))).events.isEmpty)
        }
    }

    @Test(arguments: [
        (#"{"kind":"circus","title":"x","start":1,"end":2}"#, "field kind"),
        (#"{"kind":"open","title":"x","start":5,"end":2,"categories":[{"id":"a","name":"A","capacity":1,"price":0}]}"#, "field end"),
        (#"{"kind":"open","title":"x","start":1,"end":2}"#, "field categories"),
        (#"{"kind":"open","title":"x","start":1,"end":2,"categories":[{"id":"a","name":"A","capacity":0,"price":0}]}"#, "field categories.a"),
        (#"{"kind":"seating","title":"x","start":1,"end":2}"#, "fields hallId and screenId"),
        (#"{"kind":"seating","title":"x","start":1,"end":2,"hallId":"demo-hall","screenId":"demo-screen","seatPrices":{"regular":1}}"#, "seat type premium"),
    ])
    func aBadDraftIsRefusedNamingTheFieldAndAppendsNothing(body: String, names: String) async throws {
        let owner = try await organizer()
        try await withDemoServer { client, log in
            let head = try await log.head()
            let response = try await CheckoutDriver(client: client).post("/api/organizer/events", owner, body)
            #expect(response.status == .badRequest)
            #expect(try decode(ErrorBody.self, response).error.message.contains(names))
            #expect(try await log.head() == head)
        }
    }

    @Test func cancellingAShowWithThreeConfirmedBookingsRefundsExactlyThoseThree() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            var confirmed: [String] = []
            for (who, seats) in [("c1", ["A1"]), ("c2", ["A2", "A3"]), ("c3", ["B1"])] {
                confirmed.append(try await driver.buy(try await customer(who), seats: seats).bookingId)
            }
            _ = try await driver.hold(try await customer("c4"), seats: ["C1"])
            #expect(try await driver.post("/api/organizer/events/demo-seated/cancel", try await organizer("other"), #"{"reason":"x"}"#).status == .forbidden)
            #expect(try await driver.post("/api/organizer/events/demo-seated/cancel", owner, #"{"reason":" "}"#).status == .badRequest)
            let response = try await driver.post("/api/organizer/events/demo-seated/cancel", owner, #"{"reason":"the lead actor is ill"}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(Set(try decode(Cancelled.self, response).refunded) == Set(confirmed))
            let requested = try await records("RefundRequested", in: log)
            #expect(requested.count == 3)
            #expect(try requested.allSatisfy { try payloadJSON($0).contains("showCancelled") })
            #expect(try await eventually { try await records("RefundProcessed", in: log).count == 3 })
            // Asked again: nobody is refunded twice; nothing more is sold.
            #expect(try await driver.post("/api/organizer/events/demo-seated/cancel", owner, #"{"reason":"again"}"#).status == .ok)
            #expect(try await records("RefundRequested", in: log).count == 3)
            let refused = try await driver.post("/api/booking/hold", try await customer("c5"), #"{"eventId":"demo-seated","seats":["D1"]}"#)
            #expect(refused.status != .ok)
        }
    }
}
