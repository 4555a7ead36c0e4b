import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Hold: Decodable {
    var bookingId: String
    var position: UInt64
}

private func hold(_ seats: [String], as headers: HTTPFields, _ client: any TestClientProtocol) async throws -> Hold {
    let seatList = seats.map { "\"\($0)\"" }.joined(separator: ",")
    return try await client.execute(uri: "/api/booking/hold", method: .post, headers: headers,
                                    body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":[\#(seatList)]}"#)) { response in
        #expect(response.status == .ok)
        return try decode(Hold.self, response)
    }
}

private func release(_ booking: String, as headers: HTTPFields, _ client: any TestClientProtocol) async throws {
    try await client.execute(uri: "/api/booking/release", method: .post, headers: headers,
                             body: ByteBuffer(string: #"{"eventId":"demo-seated","bookingId":"\#(booking)"}"#)) { response in
        #expect(response.status == .ok)
    }
}

@Suite("API: live rooms over /ws")
struct LiveRoomTests {
    @Test(.timeLimit(.minutes(1)))
    func aRoomMemberSeesHoldsAndReleasesWithTheirPositions() async throws {
        let asha = try await customer("asha")
        try await withDemoServer(.live) { client, _ in
            try await withRoomSocket(port: try #require(client.port)) { socket in
                let joined = try await socket.join("demo-seated")
                #expect(joined.type == "joined")
                let held = try await hold(["B2", "A1"], as: asha, client)
                let locked = try await socket.next()
                #expect(locked.type == "seats-locked")
                #expect(locked.seats == ["A1", "B2"])
                // The hold's response names the last thing it wrote (the booking, after the show's hold).
                #expect(try #require(locked.position) < held.position)
                try await release(held.bookingId, as: asha, client)
                let unlocked = try await socket.next()
                #expect(unlocked.type == "seats-unlocked")
                #expect(unlocked.seats == ["A1", "B2"])
                #expect(unlocked.reason == "released")
                #expect(try #require(unlocked.position) > held.position)
            }
        }
    }

    /// The test client's own guarantee, which the multi-node race leans on: a wait for a frame that times out
    /// leaves the socket open, and the next frame still arrives.
    @Test(.timeLimit(.minutes(1)))
    func aWaitThatTimesOutLeavesTheSocketOpen() async throws {
        let asha = try await customer("asha")
        try await withDemoServer(.live) { client, _ in
            try await withRoomSocket(port: try #require(client.port)) { socket in
                #expect(try await socket.join("demo-seated").type == "joined")
                await #expect(throws: RoomSocketTimeout.self) { try await socket.next(within: .milliseconds(200)) }
                _ = try await hold(["C3"], as: asha, client)
                #expect(try await socket.next().type == "seats-locked")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aClientThatReconnectsWithItsLastPositionGetsExactlyWhatItMissed() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        try await withDemoServer(.live) { client, _ in
            let port = try #require(client.port)
            let first = try await hold(["A1"], as: asha, client)
            // Another member keeps the room loaded, so the missed messages come from its memory.
            try await withRoomSocket(port: port) { watcher in
                _ = try await watcher.join("demo-seated")
                let second = try await hold(["C3"], as: ravi, client)
                try await release(first.bookingId, as: asha, client)
                _ = try await watcher.next()
                _ = try await watcher.next()
                try await withRoomSocket(port: port) { socket in
                    let caughtUp = [try await socket.join("demo-seated", after: first.position), try await socket.next(), try await socket.next()]
                    #expect(caughtUp.map(\.type) == ["seats-locked", "seats-unlocked", "joined"])
                    #expect(caughtUp[0].seats == ["C3"])
                    #expect(try #require(caughtUp[0].position) < second.position)
                    #expect(caughtUp[1].seats == ["A1"])
                    // And then the live ones.
                    _ = try await hold(["D4"], as: asha, client)
                    #expect(try await socket.next().seats == ["D4"])
                }
            }
            // With nobody in the room it is loaded again from the log: the same answer.
            try await withRoomSocket(port: port) { socket in
                var caughtUp = [try await socket.join("demo-seated", after: first.position)]
                for _ in 0..<3 { caughtUp.append(try await socket.next()) }
                #expect(caughtUp.map(\.type) == ["seats-locked", "seats-unlocked", "seats-locked", "joined"])
                #expect(caughtUp.compactMap(\.seats) == [["C3"], ["A1"], ["D4"]])
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func clientsCannotBroadcastAndBadMessagesGetAnErrorNamingTheProblem() async throws {
        let asha = try await customer("asha")
        try await withDemoServer(.live) { client, _ in
            let port = try #require(client.port)
            try await withRoomSocket(port: port) { bystander in
                _ = try await bystander.join("demo-seated")
                try await withRoomSocket(port: port) { socket in
                    _ = try await socket.join("demo-seated")
                    let cases: [(String, String)] = [
                        (#"{"type":"bookingUpdate","eventId":"demo-seated","seats":["A1"]}"#, "field type must be one of join, leave, join-chat, leave-chat, join-queue, leave-queue, not bookingUpdate"),
                        (#"not json"#, "the message is not a JSON object"),
                        (#"{"type":"join"}"#, "field eventId is required"),
                        (#"{"type":"join","eventId":"demo-seated","after":-3}"#, "field after must be a log position (a whole number)"),
                        (#"{"type":"join","eventId":42}"#, "field eventId must be a string"),
                    ]
                    for (message, expected) in cases {
                        try await socket.send(message)
                        let reply = try await socket.next()
                        #expect(reply.type == "error")
                        #expect(reply.code == "invalid_message")
                        #expect(reply.message == expected)
                    }
                    try await socket.send(#"{"type":"join","eventId":"no-such-show"}"#)
                    let missing = try await socket.next()
                    #expect(missing.code == "not_found")
                    #expect(missing.message == "event no-such-show does not exist")
                }
                // The bystander saw none of it: its next frame is the next real change.
                _ = try await hold(["E5"], as: asha, client)
                let next = try await bystander.next()
                #expect(next.type == "seats-locked")
                #expect(next.seats == ["E5"])
            }
        }
    }

    /// The documented limit is 4 KB a message, whether it comes in one frame or several.
    @Test(.timeLimit(.minutes(1)))
    func aMessageOverFourKilobytesInOneFrameClosesTheConnection() async throws {
        try await withDemoServer(.live) { client, _ in
            let port = try #require(client.port)
            try await withRoomSocket(port: port) { socket in
                let within = #"{"type":"join","eventId":""# + String(repeating: "x", count: 4000) + #""}"#
                try await socket.send(within)
                #expect(try await socket.next().code == "invalid_message")
                let over = #"{"type":"join","eventId":"demo-seated","pad":""# + String(repeating: "x", count: 5000) + #""}"#
                try await socket.send(over)
                await #expect(throws: RoomSocketClosed.self) { try await socket.next() }
            }
        }
    }
}
