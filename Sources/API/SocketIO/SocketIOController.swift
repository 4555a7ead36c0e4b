import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import ServiceLifecycle

/// `/socket.io/`: Engine.IO v4 (long-polling `GET` and `POST`, the WebSocket upgrade, WebSocket-only sessions) and
/// Socket.IO v5 (`SocketIOConnection`) carrying what `/ws` carries, for the clients written for the original
/// (socket.io-client 4). `/ws` stays for everyone else.
struct SocketIOController {
    let server: SocketIOServer
    let limits: RateLimitSettings

    /// Long-polling, on the HTTP router.
    func addRoutes(to router: Router<ClientRequestContext>) {
        router.get("socket.io") { request, context -> Response in
            let query = try Self.query(of: request, transport: "polling")
            guard let sid = query.sid else {
                let address = limits.clientAddress(of: request, peer: context.remoteAddress)
                guard let entry = server.handshake(transport: .polling, address: address, cookieToken: SessionCookie.token(of: request)) else {
                    throw APIError.tooManyConnections(server.connections.limit)
                }
                return try await Self.answer(entry.engine.poll(), sid: entry.engine.id)
            }
            let entry = try session(sid)
            return try await Self.answer(entry.engine.poll(), sid: sid)
        }
        router.post("socket.io") { request, _ -> Response in
            let query = try Self.query(of: request, transport: "polling")
            guard let sid = query.sid else {
                throw APIError.engineIO("a POST sends packets into a session: sid is required (a session starts with a GET)")
            }
            let entry = try session(sid)
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: entry.engine.maxPayload)
            } catch {
                entry.engine.close()
                throw APIError.bodyTooLarge("a POST carries at most maxPayload = \(entry.engine.maxPayload) bytes; the session is closed")
            }
            let packets: [EnginePacket]
            do {
                packets = try EnginePayload.decode(String(decoding: body.readableBytesView, as: UTF8.self))
            } catch let invalid as EnginePacket.Invalid {
                entry.engine.close()
                throw APIError.engineIO("the body is not an Engine.IO payload (\(invalid.message)); the session is closed")
            }
            await server.receive(packets, in: entry)
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
    }

    /// The WebSocket transport, on the upgrade router: a session of its own, or the upgrade of a polling one.
    func addRoutes(to router: Router<LiveRequestContext>) {
        router.ws("socket.io") { inbound, outbound, context in
            let request = context.request
            let query: Query
            do {
                query = try Self.query(of: request, transport: "websocket")
            } catch let error as APIError {
                try await outbound.close(.policyViolation, reason: error.message)
                return
            }
            let entry: SocketIOServer.Entry
            if let sid = query.sid {
                guard let existing = server.session(sid), existing.engine.attachWebSocket() else {
                    try await outbound.close(.policyViolation, reason: "unknown session \(sid), or it has a WebSocket already")
                    return
                }
                entry = existing
            } else {
                let address = limits.clientAddress(of: request, peer: context.requestContext.remoteAddress)
                guard let made = server.handshake(transport: .webSocket, address: address, cookieToken: SessionCookie.token(of: request)) else {
                    try await outbound.close(.unknown(1013), reason: "too many connections from your address (at most \(server.connections.limit)); try again later")
                    return
                }
                entry = made
            }
            let engine = entry.engine
            // A WebSocket session, or an upgraded one, ends with its socket; a probe that never completed leaves the
            // session polling.
            defer { if !engine.webSocketLeftBeforeUpgrade() { engine.close() } }
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // The writer starts at once for a WebSocket session, after the `upgrade` packet for a polling one.
                    let (upgradedStream, upgradedContinuation) = AsyncStream.makeStream(of: Void.self)
                    if engine.transport == .webSocket { upgradedContinuation.yield() }
                    group.addTask {
                        var upgrades = upgradedStream.makeAsyncIterator()
                        guard await upgrades.next() != nil else { return }
                        while let batch = await engine.nextForWebSocket() {
                            for packet in batch {
                                if case .binary(let data) = packet {
                                    try await outbound.write(.binary(ByteBuffer(bytes: data)))
                                } else {
                                    try await outbound.write(.text(packet.text))
                                }
                            }
                        }
                    }
                    group.addTask {
                        defer { upgradedContinuation.finish() }
                        for try await message in inbound.messages(maxSize: engine.maxPayload) {
                            guard message.size <= engine.maxPayload else {
                                try await outbound.close(.messageTooLarge, reason: "packets are at most maxPayload = \(engine.maxPayload) bytes")
                                return
                            }
                            let packet: EnginePacket
                            switch message {
                            case .text(let text):
                                do { packet = try EnginePacket.parse(Substring(text)) } catch { return }
                            case .binary(let buffer):
                                packet = .binary(Data(buffer.readableBytesView))
                            }
                            switch packet {
                            case .ping("probe") where engine.transport == .polling:
                                try await outbound.write(.text(EnginePacket.pong("probe").text))
                                engine.probed()
                            case .upgrade:
                                guard engine.upgraded() else { return }
                                upgradedContinuation.yield()
                            default:
                                await server.receive([packet], in: entry)
                                if engine.isClosed { return }
                            }
                        }
                    }
                    // Either side ending ends the connection (the writer ends when the session closes; before an
                    // upgrade it waits for none, and is cancelled).
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    struct Query {
        var sid: String?
    }

    /// The protocol's query: `EIO=4`, the transport of this route, and `sid` once there is a session.
    static func query(of request: Request, transport: String) throws(APIError) -> Query {
        let parameters = request.uri.queryParameters
        guard let version = parameters.get("EIO") else {
            throw APIError.engineIO("query parameter EIO is required: this server speaks Engine.IO 4 (EIO=4, socket.io-client 3 and 4)")
        }
        guard version == "4" else {
            throw APIError.engineIO("EIO=\(version) is not supported: this server speaks Engine.IO 4 (socket.io-client 3 and 4)")
        }
        guard let asked = parameters.get("transport") else {
            throw APIError.engineIO("query parameter transport is required (polling or websocket)")
        }
        guard asked == transport else {
            throw APIError.engineIO(asked == "websocket"
                ? "transport=websocket needs a WebSocket upgrade (Upgrade: websocket)"
                : "transport must be polling or websocket, not \(asked)")
        }
        return Query(sid: parameters.get("sid").map { String($0) })
    }

    private func session(_ sid: String) throws(APIError) -> SocketIOServer.Entry {
        guard let entry = server.session(sid) else {
            throw APIError.engineIO("no session \(sid): it ended, timed out or never existed; start a new one")
        }
        return entry
    }

    private static func answer(_ poll: EngineSession.Poll, sid: String) throws(APIError) -> Response {
        switch poll {
        case .packets(let packets):
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=UTF-8"],
                            body: .init(byteBuffer: ByteBuffer(string: EnginePayload.encode(packets))))
        case .gone:
            throw APIError.engineIO("no session \(sid) polling here: it ended or moved to its WebSocket")
        case .duplicate:
            throw APIError.engineIO("a second GET while one waits: the session \(sid) is closed")
        }
    }
}
