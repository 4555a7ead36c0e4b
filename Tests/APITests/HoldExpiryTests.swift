import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

private struct SeatMap: Decodable {
    struct Seat: Decodable { var id: String; var status: String }
    var seats: [Seat]
    var position: UInt64
}

@Suite("API: holds expire on their own")
struct HoldExpiryTests {
    @Test(.timeLimit(.minutes(1)))
    func aHoldLeftAloneExpiresThroughItsTimerAndTheSeatMapFreesTheSeat() async throws {
        try await withDemoServer { client, log in
            // Held 9 min 58 s ago with a 10-minute hold period: it expires in two seconds.
            let heldAt = Instant.now().subtracting(.seconds(598))
            let show = try Show.stream(ShowID("demo-seated"))
            let handler = CommandHandler<Show>(log: log)
            let outcome = try await handler.handle(
                .hold(.seats([SeatID("A1")]), booking: BookingID("b-expiry"), customer: DemoData.customer, now: heldAt), on: show)
            guard case .appended(let events, let appended) = outcome, case .itemsHeld(let held)? = events.first else {
                Issue.record("the hold was not appended")
                return
            }
            let state = try await handler.state(of: show)
            let terms = BookingTerms(show: ShowID("demo-seated"), customer: DemoData.customer, items: held.items,
                                     price: try #require(try state.price(of: held.items)), expiresAt: held.expiresAt,
                                     refundPolicy: .standard, schedule: try #require(state.configuration).schedule)
            let bookingStream = try Booking.stream(held.booking)
            _ = try await CommandHandler<Booking>(log: log).handle(.start(terms), on: bookingStream)
            try await log.schedule(HoldExpiryDue(show: ShowID("demo-seated"), booking: held.booking, expiresAt: held.expiresAt).scheduled())

            let seat = { (map: SeatMap) in map.seats.first { $0.id == "A1" }?.status }
            try await client.execute(uri: "/api/event/demo-seated/seats?after=\(appended.lastPosition.rawValue)", method: .get) { response in
                let map = try JSONDecoder().decode(SeatMap.self, from: Data(String(buffer: response.body).utf8))
                #expect(seat(map) == "held")
            }
            // The scheduler, the reactor and the projection run as services; wait for them, bounded by the time limit.
            var status: String?
            while status != "free" {
                try await Task.sleep(for: .milliseconds(200))
                try await client.execute(uri: "/api/event/demo-seated/seats", method: .get) { response in
                    status = seat(try JSONDecoder().decode(SeatMap.self, from: Data(String(buffer: response.body).utf8)))
                }
            }
            let expired = try await log.read(stream: show, from: .first, direction: .forwards, limit: 100).filter { $0.type == "HoldExpired" }
            #expect(expired.count == 1)
            // The booking ends too; the reactor runs its two commands back to back, so wait for the second.
            var bookingEvents: [String] = []
            while !bookingEvents.contains("BookingExpired") {
                bookingEvents = try await log.read(stream: bookingStream, from: .first, direction: .forwards, limit: 10).map(\.type)
                if !bookingEvents.contains("BookingExpired") { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(bookingEvents == ["BookingStarted", "BookingExpired"])
        }
    }
}
