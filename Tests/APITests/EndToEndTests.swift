import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import TestSupport
import Testing

/// The whole product over a real port, with the built `tktplz serve` as a child process: sign-in by passcode from
/// the outbox, a hold, a refused overlapping hold, a restart, and the hold's expiry reaching a live room.
@Suite("End to end: tktplz serve over a real port")
struct EndToEndTests {
    /// A seated show whose holds last one minute (the shortest the domain allows), beside the demo data.
    static let quickShow = "e2e-quick"

    private func prepare(_ directory: URL) async throws {
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path))
        defer { log.close() }
        let now = Instant.now()
        // Sealed under keys beside the log, where the server finds them.
        try await withPersonalKeys(beside: directory) {
            _ = try await DemoData.seedIfEmpty(log: log, now: now)
        }
        let configuration = ShowConfiguration(
            organizer: DemoData.organizer, kind: .seating, details: ShowDetails(title: "Quick Hamlet", city: "Pune"),
            schedule: ShowSchedule(start: now.adding(.hours(48)), end: now.adding(.hours(51))),
            inventory: .seated(SeatedInventory(seats: Dictionary(uniqueKeysWithValues: (1...5).map { (SeatID("A\($0)"), "regular") }),
                                               pricing: .flat(.major(100)))),
            holdMinutes: 1)
        let shows = CommandHandler<Show>(log: log)
        let stream = try Show.stream(ShowID(Self.quickShow))
        for command: Show.Command in [.draft(configuration), .submit(by: DemoData.organizer), .approve(by: DemoData.admin)] {
            _ = try await shows.handle(command, on: stream)
        }
    }

    private struct Held: Decodable { var bookingId: String; var position: UInt64; var expiresAt: Int64 }
    private struct SeatMap: Decodable {
        struct Seat: Decodable { var id: String; var status: String }
        var seats: [Seat]
    }

    @Test(.timeLimit(.minutes(3)))
    func signInHoldRefuseRestartAndTheExpiryReachesTheRoomOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await prepare(directory)

        var server = try await ServerProcess.start(dataDirectory: directory)
        var http = HTTPDriver(port: server.port)
        let asha = try await http.signIn("customer@demo.tktplz")
        let ravi = try await http.signIn("ravi@example.com", signUpAs: "Ravi")

        // A member of the room sees the hold.
        let first = http
        let lockedAt = try await withRoomSocketValue(port: server.port) { socket -> UInt64 in
            #expect(try await socket.join(Self.quickShow).type == "joined")
            let held = try await first.post("/api/booking/hold", #"{"eventId":"\#(Self.quickShow)","seats":["A1","A2"]}"#, token: asha)
            #expect(held.status == 200)
            let locked = try await socket.next()
            #expect(locked.type == "seats-locked")
            #expect(locked.seats == ["A1", "A2"])
            return try #require(locked.position)
        }

        // The second customer is refused exactly the taken seat, and nothing of the refused request is held.
        let refused = try await http.post("/api/booking/hold", #"{"eventId":"\#(Self.quickShow)","seats":["A2","A3"]}"#, token: ravi)
        #expect(refused.status == 409)
        let message = try refused.json(ErrorBody.self).error.message
        #expect(message.contains("A2") && !message.contains("A3"), "\(message)")
        let head = try await http.get("/health").json(Health.self).logHead
        let map = try await http.get("/api/event/\(Self.quickShow)/seats?after=\(head)").json(SeatMap.self)
        #expect(map.seats.filter { $0.status == "held" }.map(\.id) == ["A1", "A2"])

        // Restart between the hold and its expiry.
        await server.stop()
        #expect(server.exitStatus == 0)
        server = try await ServerProcess.start(dataDirectory: directory)
        http = HTTPDriver(port: server.port)

        // A client that reconnects where it left off is told when the hold expires, for exactly its seats.
        try await withRoomSocket(port: server.port) { socket in
            let joined = try await socket.join(Self.quickShow, after: lockedAt)
            let unlocked = joined.type == "joined" ? try await socket.next(within: .seconds(90)) : joined
            #expect(unlocked.type == "seats-unlocked")
            #expect(unlocked.seats == ["A1", "A2"])
            #expect(unlocked.reason == "expired")
        }
        await server.stop()

        // Once: one HoldExpired in the show's stream, and the log verifies.
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
        defer { log.close() }
        let events = try await log.read(stream: try Show.stream(ShowID(Self.quickShow)), from: .first,
                                        direction: .forwards, limit: 1000)
        #expect(events.filter { $0.type == "HoldExpired" }.count == 1)
        #expect(try log.verify().isIntact)
    }

    private struct Health: Decodable { var logHead: UInt64 }
}
