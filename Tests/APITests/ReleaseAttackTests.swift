import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Letting a hold go is decided by the booking: its customer, its show, while it is a hold. Every other release is
/// refused with nothing appended, and a release frees exactly its seats in the commit that ends the booking.
@Suite("API: releasing holds")
struct ReleaseAttackTests {
    private func release(_ driver: CheckoutDriver, _ who: HTTPFields, show: String = "demo-seated", booking: String) async throws -> TestResponse {
        try await driver.post("/api/booking/release", who, #"{"eventId":"\#(show)","bookingId":"\#(booking)"}"#)
    }

    private func seatStatus(_ driver: CheckoutDriver, _ seat: String, after position: UInt64 = 0) async throws -> String? {
        struct SeatMap: Decodable { struct Seat: Decodable { var id: String; var status: String }; var seats: [Seat] }
        let map = try decode(SeatMap.self, try await driver.get("/api/event/demo-seated/seats?after=\(position)", [:]))
        return map.seats.first { $0.id == seat }?.status
    }

    @Test func releaseOfAnotherCustomersBookingIs404AndAppendsNothing() async throws {
        let (asha, ravi) = (try await customer("asha"), try await customer("ravi"))
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C1"])
            let head = try await log.head()
            let refused = try await release(driver, ravi, booking: held.bookingId)
            #expect(refused.status == .notFound)
            #expect(try decode(ErrorBody.self, refused).error.message == "booking \(held.bookingId) does not exist")
            #expect(try await log.head() == head)
            #expect(try await seatStatus(driver, "C1") == "held")
        }
    }

    @Test func releaseOfAMadeUpBookingOrAMadeUpShowIsRefused() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C2"])
            let head = try await log.head()
            #expect(try await release(driver, asha, booking: "booking-made-up").status == .notFound)
            let wrongShow = try await release(driver, asha, show: "no-such-show", booking: held.bookingId)
            #expect(wrongShow.status == .unprocessableContent)
            #expect(try decode(ErrorBody.self, wrongShow).error.message == "field eventId: booking \(held.bookingId) is for event demo-seated, not this one")
            #expect(try await log.head() == head)
        }
    }

    @Test func aWrongShowReleaseLeavesTheSeatsConsistent() async throws {
        // The original released the booking but left its seats held: here the booking stays held with its seats.
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C3"])
            _ = try await release(driver, asha, show: "demo-open", booking: held.bookingId)
            #expect(try await seatStatus(driver, "C3") == "held")
            let released = try await release(driver, asha, booking: held.bookingId)
            #expect(released.status == .ok)
            struct Released: Decodable { var position: UInt64? }
            let position = try #require(try decode(Released.self, released).position)
            #expect(try await seatStatus(driver, "C3", after: position) == "free")
        }
    }

    @Test func aConfirmedBookingIsRefundedNeverReleased() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let bought = try await driver.buy(asha, seats: ["C4"])
            let head = try await log.head()
            let refused = try await release(driver, asha, booking: bought.bookingId)
            #expect(refused.status == .conflict)
            #expect(try decode(ErrorBody.self, refused).error.message == "booking \(bought.bookingId) is confirmed")
            #expect(try await log.head() == head)
        }
    }

    @Test func aReleaseEndsTheBookingAndFreesItsSeatsInOneCommit() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C5", "C6"])
            let head = try await log.head()
            #expect(try await release(driver, asha, booking: held.bookingId).status == .ok)
            let written = try await log.read(from: head.next, limit: 10)
            #expect(Set(written.map(\.type)) == ["HoldReleased", "BookingReleased"])
            // Written at one moment: one commit gives all its records one recorded-at.
            #expect(Set(written.map(\.recordedAt)).count == 1)
            // Releasing again decides nothing.
            #expect(try await release(driver, asha, booking: held.bookingId).status == .ok)
            #expect(try await log.head() == written.last?.position)
        }
    }

    @Test func aReplacedHoldsBookingIsReleasedInTheCommitOfTheNewHold() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            _ = try await driver.hold(asha, seats: ["D1"])
            let head = try await log.head()
            _ = try await driver.hold(asha, seats: ["D2"])
            let written = try await log.read(from: head.next, limit: 10)
            #expect(Set(written.map(\.type)) == ["HoldReleased", "ItemsHeld", "BookingStarted", "BookingReleased"])
            #expect(Set(written.map(\.recordedAt)).count == 1)
        }
    }
}
