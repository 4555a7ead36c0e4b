import API
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Made: Decodable { var id: String }
private struct Availability: Decodable {
    struct Clash: Decodable { var eventId: String }
    var available: Bool
    var clash: Clash?
}
private struct Hall: Decodable {
    struct Screen: Decodable { struct Plan: Decodable { struct Row: Decodable { var label: String }; var rows: [Row] }; var name: String; var plan: Plan? }
    var name: String
    var screens: [Screen]
}

@Suite("API: halls, screens and layouts")
struct VenueRoutesTests {
    @Test func anAdminBuildsAHallWithAScreenAndLayoutAndALayoutInUseCannotChange() async throws {
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, _, _ in
            let driver = CheckoutDriver(client: client)
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            let hall = try decode(Made.self, try await driver.post("/api/halls", admin, #"{"name":"Globe","city":"Mumbai","address":"Marine Drive"}"#)).id
            let screen = try decode(Made.self, try await driver.post("/api/halls/\(hall)/screens", admin, #"{"name":"Main"}"#)).id
            let layout = #"{"rows":[{"label":"A","places":[{"number":1,"type":"regular"},{"gap":true},{"number":2,"type":"regular"}]},{"label":"B","places":[{"number":1,"type":"vip"}]}],"blocked":["B1"]}"#
            #expect(try await driver.put("/api/halls/\(hall)/screens/\(screen)/layout", admin, layout).status == .ok)
            let bad = try await driver.put("/api/halls/\(hall)/screens/\(screen)/layout", admin, #"{"rows":[{"label":"A","places":[{"number":1}]}]}"#)
            #expect(bad.status == .badRequest)
            #expect(try decode(ErrorBody.self, bad).error.message.contains("rows.A.places"))
            let details = try decode(Hall.self, try await driver.get("/api/halls/\(hall)", [:]))
            #expect(details.name == "Globe" && details.screens.first?.plan?.rows.map(\.label) == ["A", "B"])

            // The demo screen holds the demo shows' slots: its layout is fixed until they are gone.
            let inUse = try await driver.put("/api/halls/demo-hall/screens/demo-screen/layout", admin, layout)
            #expect(inUse.status == .conflict)
            #expect(try decode(ErrorBody.self, inUse).error.message.contains("demo-seated"))
        }
    }

    @Test func aScreensAvailabilityFollowsTheReservationsClashRule() async throws {
        let planner = try await organizer()
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let showStart = demoSeedTime.adding(.hours(24 * 7)).rawValue
            let clash = try decode(Availability.self, try await driver.get(
                "/api/halls/demo-hall/screens/demo-screen/availability?start=\(showStart + 3_600_000)&end=\(showStart + 7_200_000)", planner))
            #expect(!clash.available && clash.clash?.eventId == "demo-seated")
            // Three hours of show and one of turnaround later, the screen is free.
            let free = try decode(Availability.self, try await driver.get(
                "/api/halls/demo-hall/screens/demo-screen/availability?start=\(showStart + 4 * 3_600_000)&end=\(showStart + 6 * 3_600_000)", planner))
            #expect(free.available && free.clash == nil)
            #expect(try await driver.get("/api/halls/demo-hall/screens/demo-screen/availability?start=5&end=1", planner).status == .badRequest)
        }
    }
}
