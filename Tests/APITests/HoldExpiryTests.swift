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
            let hold = try await HoldLeftAlone.take("A1", booking: "b-expiry", expiresIn: .seconds(2), log: log)
            let (show, bookingStream, appended) = (hold.show, hold.booking, hold.position)

            let seat = { (map: SeatMap) in map.seats.first { $0.id == "A1" }?.status }
            try await client.execute(uri: "/api/event/demo-seated/seats?after=\(appended.rawValue)", method: .get) { response in
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
