import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Made: Decodable { var id: String }
private struct Drafted: Decodable { var eventId: String }
private struct HallList: Decodable {
    struct Item: Decodable { var hallId: String; var name: String; var address: String; var active: Bool }
    var halls: [Item]
}

/// A seated show drafted on `hall`'s `screen`, two weeks after the demo shows so the demo screen is free then.
private func seatedDraft(hall: String, screen: String) -> String {
    let start = demoSeedTime.rawValue + 14 * 86_400_000
    return """
    {"kind":"seating","title":"Othello","city":"Pune","venue":"Hall","hallId":"\(hall)","screenId":"\(screen)",
     "start":\(start),"end":\(start + 3 * 3_600_000),"seatPrices":{"regular":30000,"premium":70000}}
    """
}

@Suite("API: editing, deactivating and removing halls")
struct HallLifecycleRoutesTests {
    @Test func anAdminEditsAHallAndEveryReaderSeesTheNewNameAndPlace() async throws {
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            let edited = try await driver.put("/api/halls/demo-hall", admin, #"{"name":"Globe Cinema","city":"Pune","address":"2 FC Road"}"#)
            #expect(edited.status == .ok, "\(String(buffer: edited.body))")
            let list = try decode(HallList.self, try await driver.get("/api/halls?after=\(try await log.head().rawValue)", [:]))
            let demo = try #require(list.halls.first { $0.hallId == "demo-hall" })
            #expect(demo.name == "Globe Cinema" && demo.address == "2 FC Road")
            let empty = try await driver.put("/api/halls/demo-hall", admin, #"{"name":" ","city":"Pune","address":""}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(try await driver.put("/api/halls/no-such-hall", admin, #"{"name":"X","city":"Y","address":""}"#).status == .notFound)
        }
    }

    @Test func aHallWhoseScreenHoldsAShowsSlotCannotBeDeactivatedOrRemovedAndTheRefusalNamesTheShow() async throws {
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, _, _ in
            let driver = CheckoutDriver(client: client)
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            for refused in [try await driver.put("/api/halls/demo-hall/active", admin, #"{"active":false}"#),
                            try await client.execute(uri: "/api/halls/demo-hall", method: .delete, headers: admin, body: nil) { $0 }] {
                #expect(refused.status == .conflict)
                let error = try decode(ErrorBody.self, refused).error
                #expect(error.code == "hall_in_use")
                #expect(error.message.contains("demo-seated ("), "\(error.message)")
            }
            // Nothing changed: the demo hall is active and still takes new shows.
            let drafted = try await driver.post("/api/organizer/events", try await organizer(), seatedDraft(hall: "demo-hall", screen: "demo-screen"))
            #expect(drafted.status == .ok, "\(String(buffer: drafted.body))")
        }
    }

    @Test func anInactiveHallTakesNoNewShowsOrScreensUntilReactivatedAndARemovedHallIsGone() async throws {
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, log, _ in
            let driver = CheckoutDriver(client: client)
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            let owner = try await organizer()
            let hall = try decode(Made.self, try await driver.post("/api/halls", admin, #"{"name":"Globe","city":"Pune","address":"FC Road"}"#)).id
            let screen = try decode(Made.self, try await driver.post("/api/halls/\(hall)/screens", admin, #"{"name":"Main"}"#)).id
            let layout = #"{"rows":[{"label":"A","places":[{"number":1,"type":"regular"},{"number":2,"type":"regular"}]}]}"#
            #expect(try await driver.put("/api/halls/\(hall)/screens/\(screen)/layout", admin, layout).status == .ok)

            #expect(try await driver.put("/api/halls/\(hall)/active", admin, #"{"active":false}"#).status == .ok)
            let listed = try decode(HallList.self, try await driver.get("/api/halls?after=\(try await log.head().rawValue)", [:]))
            #expect(listed.halls.first { $0.hallId == hall }?.active == false)
            let refused = try await driver.post("/api/organizer/events", owner, seatedDraft(hall: hall, screen: screen))
            #expect(refused.status == .conflict)
            #expect(try decode(ErrorBody.self, refused).error.code == "hall_inactive")
            let noScreen = try await driver.post("/api/halls/\(hall)/screens", admin, #"{"name":"Second"}"#)
            #expect(try decode(ErrorBody.self, noScreen).error.code == "hall_inactive")

            #expect(try await driver.put("/api/halls/\(hall)/active", admin, #"{"active":true}"#).status == .ok)
            let drafted = try await driver.post("/api/organizer/events", owner, seatedDraft(hall: hall, screen: screen))
            #expect(drafted.status == .ok, "\(String(buffer: drafted.body))")
            let show = try decode(Drafted.self, drafted).eventId
            let inUse = try await client.execute(uri: "/api/halls/\(hall)", method: .delete, headers: admin, body: nil) { $0 }
            #expect(try decode(ErrorBody.self, inUse).error.message.contains("\(show) (Othello)"))

            // Once the show is cancelled its slot is free, and the hall can go.
            let cancelled = try await driver.post("/api/organizer/events/\(show)/cancel", owner, #"{"reason":"the hall closes"}"#)
            #expect(cancelled.status == .ok, "\(String(buffer: cancelled.body))")
            let removed = try await client.execute(uri: "/api/halls/\(hall)", method: .delete, headers: admin, body: nil) { $0 }
            #expect(removed.status == .ok, "\(String(buffer: removed.body))")
            #expect(try await driver.get("/api/halls/\(hall)", [:]).status == .notFound)
            #expect(try await driver.put("/api/halls/\(hall)/active", admin, #"{"active":true}"#).status == .notFound)
            #expect(try await driver.put("/api/halls/\(hall)", admin, #"{"name":"X","city":"Y","address":""}"#).status == .notFound)
            let again = try await client.execute(uri: "/api/halls/\(hall)", method: .delete, headers: admin, body: nil) { $0 }
            #expect(again.status == .ok, "removing a removed hall changes nothing")
            let after = try decode(HallList.self, try await driver.get("/api/halls?after=\(try await log.head().rawValue)", [:]))
            #expect(!after.halls.contains { $0.hallId == hall })
            let drafted2 = try await driver.post("/api/organizer/events", owner, seatedDraft(hall: hall, screen: screen))
            #expect(drafted2.status == .unprocessableContent || drafted2.status == .notFound, "\(String(buffer: drafted2.body))")
        }
    }
}
