@testable import API
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Engine.IO v4 over long-polling as its protocol document states it (and as its published test suite checks it):
/// the handshake, 400s for a bad query or an unknown session, duplicate polls, a client's close, a malformed
/// payload, `maxPayload`; the heartbeat closing a silent session; Socket.IO's namespace connect and its refusals.
@Suite("Socket.IO: the Engine.IO protocol over long-polling")
struct EngineIOProtocolTests {
    private struct Handshake: Decodable {
        var sid: String
        var upgrades: [String]
        var pingInterval: Int
        var pingTimeout: Int
        var maxPayload: Int
    }

    private func open(_ client: any TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/socket.io/?EIO=4&transport=polling", method: .get) { response in
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.first == "0")
            return try JSONDecoder().decode(Handshake.self, from: Data(body.dropFirst().utf8)).sid
        }
    }

    private func poll(_ client: any TestClientProtocol, _ sid: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .get) { ($0.status, String(buffer: $0.body)) }
    }

    private func post(_ client: any TestClientProtocol, _ sid: String, _ body: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .post, body: ByteBuffer(string: body)) { $0.status }
    }

    @Test func theHandshakeGivesASessionItsUpgradesTimingsAndMaxPayload() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&t=N8hyd6w", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=UTF-8")
                let handshake = try JSONDecoder().decode(Handshake.self, from: Data(String(buffer: response.body).dropFirst().utf8))
                #expect(handshake.sid.count == 20)
                #expect(handshake.upgrades == ["websocket"])
                #expect(handshake.pingInterval == 25_000 && handshake.pingTimeout == 20_000)
                #expect(handshake.maxPayload == 16_384)
            }
        }
    }

    @Test(arguments: ["/socket.io/?transport=polling", "/socket.io/?EIO=abc&transport=polling", "/socket.io/?EIO=3&transport=polling",
                      "/socket.io/?EIO=4", "/socket.io/?EIO=4&transport=abc", "/socket.io/?EIO=4&transport=websocket",
                      "/socket.io/?EIO=4&transport=polling&sid=unknown"])
    func aBadQueryOrAnUnknownSessionIsA400NamingIt(uri: String) async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "engine_io")
            }
            // A POST must name a session: a handshake is a GET.
            try await client.execute(uri: "/socket.io/?EIO=4&transport=polling", method: .post, body: ByteBuffer(string: "40")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func aSecondPollWhileOneWaitsClosesTheSession() async throws {
        try await withDemoServer { client, _ in
            let sid = try await open(client)
            async let first = poll(client, sid)
            try await Task.sleep(for: .milliseconds(200))
            let second = try await poll(client, sid)
            #expect(second.0 == .badRequest)
            let answered = try await first
            #expect(answered.0 == .ok && answered.1 == "1")
            #expect(try await poll(client, sid).0 == .badRequest)
        }
    }

    @Test func aClientsCloseEndsAWaitingPollWithANoopAndTheSession() async throws {
        try await withDemoServer { client, _ in
            let sid = try await open(client)
            async let waiting = poll(client, sid)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await post(client, sid, "1") == .ok)
            let answered = try await waiting
            #expect(answered.0 == .ok && answered.1 == "6")
            #expect(try await poll(client, sid).0 == .badRequest)
        }
    }

    @Test func aMalformedPayloadOrOneOverMaxPayloadClosesTheSession() async throws {
        try await withDemoServer { client, _ in
            let sid = try await open(client)
            #expect(try await post(client, sid, "abc") == .badRequest)
            #expect(try await poll(client, sid).0 == .badRequest)
            let other = try await open(client)
            #expect(try await post(client, other, "4" + String(repeating: "x", count: 16_384)) == .contentTooLarge)
            #expect(try await poll(client, other).0 == .badRequest)
        }
    }

    @Test func socketIOConnectsToTheMainNamespaceRefusesOthersAndEventsBeforeConnecting() async throws {
        try await withDemoServer { client, _ in
            let sid = try await open(client)
            #expect(try await post(client, sid, "40/admin,\u{1E}40") == .ok)
            let answer = try await poll(client, sid)
            let packets = answer.1.split(separator: "\u{1E}").map(String.init)
            #expect(packets.first == #"44/admin,{"message":"Invalid namespace"}"#)
            #expect(packets.count == 2 && packets[1].hasPrefix(#"40{"sid":""#))
            // An event the server does not know is refused by its acknowledgement; a join is acknowledged.
            #expect(try await post(client, sid, #"421["cheer",{}]"# + "\u{1E}" + #"422["join",{"eventId":"demo-seated"}]"#) == .ok)
            var received = ""
            while !received.contains(#"432[{"ok":true}]"#) || !received.contains(#"2["joined""#) {
                let (status, body) = try await poll(client, sid)
                try #require(status == .ok, "the session ended early: \(received)")
                received += body + "\u{1E}"
            }
            #expect(received.contains(#"431[{"error":{"code":"invalid_message","message":"no event cheer here: emit join, leave, join-chat, leave-chat, join-queue, leave-queue"}}]"#))

            // An event before any CONNECT ends the connection, as the protocol says.
            let early = try await open(client)
            #expect(try await post(client, early, #"42["join",{"eventId":"demo-seated"}]"#) == .ok)
            #expect(try await poll(client, early).0 == .badRequest)
        }
    }

    @Test func aBadTokenInTheConnectAuthIsAConnectError() async throws {
        try await withDemoServer { client, _ in
            let sid = try await open(client)
            #expect(try await post(client, sid, #"40{"token":"not-a-token"}"#) == .ok)
            let answer = try await poll(client, sid)
            #expect(answer.1.hasPrefix(#"44{"message":"#))
        }
    }
}

/// The upgrade from long-polling to WebSocket, over a real port: a probe whose WebSocket goes away before the
/// `upgrade` packet leaves the session polling (as the reference server does), and a completed upgrade moves the
/// session's packets to the socket and ends polling.
@Suite("Socket.IO: the upgrade to WebSocket")
struct EngineIOUpgradeTests {
    private struct Handshake: Decodable { var sid: String }

    @Test(.timeLimit(.minutes(1)))
    func aProbeThatGoesAwayLeavesTheSessionPollingAndACompletedUpgradeEndsPolling() async throws {
        try await withDemoServer(.live) { client, _ in
            let port = try #require(client.port)
            let sid = try await client.execute(uri: "/socket.io/?EIO=4&transport=polling", method: .get) { response in
                try JSONDecoder().decode(Handshake.self, from: Data(String(buffer: response.body).dropFirst().utf8)).sid
            }
            let path = "/socket.io/?EIO=4&transport=websocket&sid=\(sid)"
            // A probe answered, then the socket closes without `upgrade`: polling goes on.
            try await withRoomSocket(port: port, path: path) { socket in
                try await socket.send("2probe")
                #expect(try await socket.nextText() == "3probe")
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .post,
                                             body: ByteBuffer(string: "40")) { $0.status } == .ok)
            let connected = try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(connected.0 == .ok && connected.1.hasPrefix("40{"))
            // A completed upgrade: the socket carries the session (an event's acknowledgement comes back on it), and a
            // poll is refused.
            try await withRoomSocket(port: port, path: path) { socket in
                try await socket.send("2probe")
                #expect(try await socket.nextText() == "3probe")
                try await socket.send("5")
                try await socket.send(#"421["join",{"eventId":"demo-seated"}]"#)
                var texts: [String] = []
                while !texts.contains(#"431[{"ok":true}]"#) { texts.append(try await socket.nextText()) }
                #expect(try await client.execute(uri: "/socket.io/?EIO=4&transport=polling&sid=\(sid)", method: .get) { $0.status } == .badRequest)
            }
        }
    }
}

/// The heartbeat, with short timings: a ping every interval; a client that answers stays, one that does not is
/// closed after the timeout and its session forgotten.
@Suite("Socket.IO: the heartbeat")
struct EngineIOHeartbeatTests {
    @Test func aSilentSessionClosesAfterTheIntervalAndTimeoutAndAnAnsweringOneStays() async throws {
        let server = SocketIOServer(
            settings: .init(pingInterval: .milliseconds(300), pingTimeout: .seconds(1)), rooms: LiveRooms(log: InMemoryEventLog()),
            sessions: try await SessionSigner(secret: testSecret), chat: ChatAdmission { _, _ in ("not_in_chat", "no chats here") },
            connections: WebSocketConnections(limit: 0))
        let silent = try #require(server.handshake(transport: .polling, address: "a", cookieToken: nil))
        let answering = try #require(server.handshake(transport: .polling, address: "a", cookieToken: nil))
        for entry in [silent, answering] {
            guard case .packets(let packets) = await entry.engine.poll(), case .open = packets.first else {
                Issue.record("a session's first poll is its open packet")
                return
            }
        }
        for _ in 0..<3 {
            #expect(await answering.engine.poll() == .packets([.ping("")]))
            await server.receive([.pong("")], in: answering)
        }
        #expect(silent.engine.isClosed)
        #expect(server.session(silent.engine.id) == nil)
        #expect(!answering.engine.isClosed)
        #expect(server.session(answering.engine.id) != nil)
        server.closeAll()
        #expect(server.openCount == 0)
    }
}
