@testable import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Synchronization
import Testing

/// The rooms' loop on its own, over a real log: slow clients and expiry messages.
@Suite("Live rooms: fan-out, slow clients, expiry")
struct LiveRoomsTests {
    private func withRooms(queueLimit: Int, _ body: (LiveRooms, LMDBEventLog) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-rooms-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try LMDBEventLog(.init(path: directory.path, durable: false))
        defer { log.close() }
        try await DemoData.seedIfEmpty(log: log, now: .now())
        let rooms = LiveRooms(log: log, queueLimit: queueLimit)
        let running = Task { try await rooms.run(logger: Logger(label: "test")) }
        defer { running.cancel() }
        try await body(rooms, log)
    }

    private func frames(of client: LiveClient, count: Int) async -> [String] {
        var received: [String] = []
        for await frame in client.frames {
            received.append(frame)
            if received.count == count { break }
        }
        return received
    }

    @Test(.timeLimit(.minutes(1)))
    func aClientThatStopsReadingIsDroppedAndTheOthersGetEveryMessage() async throws {
        try await withRooms(queueLimit: 8) { rooms, log in
            let reader = rooms.connect()
            let stalled = rooms.connect()
            // Joins are served in order: once the reader has joined, so has the stalled client.
            rooms.join(stalled, show: "demo-seated", after: nil)
            rooms.join(reader, show: "demo-seated", after: nil)
            #expect(await frames(of: reader, count: 1).first?.contains(#""type":"joined""#) == true)
            let shows = CommandHandler<Show>(log: log)
            let stream = try Show.stream(ShowID("demo-seated"))
            var received: [String] = []
            for index in 0..<20 {
                let seat = SeatID("\(["A", "B"][index / 10])\(index % 10 + 1)")
                _ = try await shows.handle(
                    .hold(.seats([seat]), booking: BookingID("b\(index)"), customer: CustomerID("c\(index)"), now: .now()), on: stream)
                // The reader keeps up: it takes each message before the next change.
                received += await frames(of: reader, count: 1)
            }
            #expect(received.count == 20)
            #expect(received.allSatisfy { $0.contains(#""type":"seats-locked""#) })
            #expect(stalled.wasDropped)
            #expect(rooms.droppedClients.load(ordering: .relaxed) == 1)
            // What the stalled client had queued before it fell behind is all it will ever get.
            var leftover = 0
            for await _ in stalled.frames { leftover += 1 }
            #expect(leftover == 8)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anExpiredHoldTellsTheRoomExactlyWhichSeatsAreFree() async throws {
        try await withRooms(queueLimit: 64) { rooms, log in
            let member = rooms.connect()
            rooms.join(member, show: "demo-seated", after: nil)
            #expect(await frames(of: member, count: 1).first?.contains(#""type":"joined""#) == true)
            let shows = CommandHandler<Show>(log: log)
            let stream = try Show.stream(ShowID("demo-seated"))
            _ = try await shows.handle(.hold(.seats([SeatID("F6"), SeatID("F7")]), booking: BookingID("b1"), customer: CustomerID("c1"), now: .now()), on: stream)
            _ = try await shows.handle(.expireHold(booking: BookingID("b1"), now: .now().adding(.minutes(11))), on: stream)
            let received = await frames(of: member, count: 2)
            #expect(received[0].contains(#""seats":["F6","F7"]"#) && received[0].contains("seats-locked"))
            #expect(received[1].contains(#""type":"seats-unlocked""#))
            #expect(received[1].contains(#""seats":["F6","F7"]"#))
            #expect(received[1].contains(#""reason":"expired""#))
        }
    }
}
