import API
import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Analytics: Decodable {
    struct Sales: Decodable, Equatable { var tickets: Int; var revenue: Money }
    struct Holds: Decodable, Equatable { var started: Int; var confirmed: Int; var expired: Int; var released: Int; var refunded: Int }
    var capacity: Int
    var ticketsSold: Int
    var occupancyPercent: Int
    var conversionPercent: Int
    var checkInPercent: Int
    var holds: Holds
    var sections: [String: Sales]
    var days: [String: Sales]
    var checkedIn: Int
}

@Suite("API: an organizer's analytics of one show")
struct ShowAnalyticsTests {
    @Test func holdsSectionsDaysAndTheDoorAddUpFromWhatCustomersDid() async throws {
        try await withDemoServer(seededAt: .now()) { client, _ in
            let driver = CheckoutDriver(client: client)
            let owner = try await organizer()
            // Two bookings (row A twice, row H once), a hold let go, and the row H booking refunded.
            _ = try await driver.buy(try await customer("c1"), seats: ["A1", "A2"])
            let premium = try await driver.buy(try await customer("c2"), seats: ["H1"])
            let letGo = try await driver.hold(try await customer("c3"), seats: ["B1"])
            let released = try await driver.post("/api/booking/release", try await customer("c3"), #"{"eventId":"demo-seated","bookingId":"\#(letGo.bookingId)"}"#)
            #expect(released.status == .ok, "\(String(buffer: released.body))")
            let refunded = try await driver.post("/api/payment/refund", try await customer("c2"), #"{"bookingId":"\#(premium.bookingId)"}"#)
            #expect(refunded.status == .ok, "\(String(buffer: refunded.body))")

            let seated = try decode(Analytics.self, try await driver.get("/api/organizer/events/demo-seated/analytics", owner))
            #expect(seated.holds == Analytics.Holds(started: 3, confirmed: 2, expired: 0, released: 1, refunded: 1))
            // Ticket prices only (₹250 a regular seat), fees are the platform's.
            #expect(seated.sections == ["A": Analytics.Sales(tickets: 2, revenue: .major(500))])
            let today = Date().formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
            #expect(seated.days == [today: Analytics.Sales(tickets: 2, revenue: .major(500))])
            #expect(seated.capacity == 99 && seated.ticketsSold == 2 && seated.occupancyPercent == 2 && seated.conversionPercent == 66)
            #expect(seated.checkedIn == 0 && seated.checkInPercent == 0)

            // Tonight's doors are open: one ticket of one booking used.
            let tonight = try await driver.buy(try await customer("c1"), show: "demo-tonight", seats: ["C5", "C6"])
            let scan = #"{"token":"\#(try #require(tonight.tickets.first).token)"}"#
            #expect(try await driver.post("/api/organizer/events/demo-tonight/check-in", owner, scan).status == .ok)
            let door = try decode(Analytics.self, try await driver.get("/api/organizer/events/demo-tonight/analytics", owner))
            #expect(door.checkedIn == 1 && door.ticketsSold == 2 && door.checkInPercent == 50)
            #expect(door.sections == ["C": Analytics.Sales(tickets: 2, revenue: .major(600))])

            // Only the show's own organizer reads them.
            #expect(try await driver.get("/api/organizer/events/demo-seated/analytics", try await organizer("other")).status == .forbidden)
            #expect(try await driver.get("/api/organizer/events/demo-seated/analytics", try await customer("c1")).status == .forbidden)
            #expect(try await driver.get("/api/organizer/events/no-such-show/analytics", owner).status == .notFound)
        }
    }
}
