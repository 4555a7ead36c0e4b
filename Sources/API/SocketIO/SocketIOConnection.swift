import Foundation
import Synchronization

/// The Socket.IO layer of one Engine.IO session, in the main namespace `/`: the client connects (with an optional
/// `auth` payload: `{"token": "<session token>"}`, else the session cookie of its handshake), then emits `join` and
/// `leave` as on `/ws`, and receives every room message as an event named by its `type`, with the very payload
/// `/ws` sends (positions included). An event with an acknowledgement id is answered `{"ok":true}` or
/// `{"error":{"code","message"}}`; without one, a refusal is emitted as an `error` event.
final class SocketIOConnection: Sendable {
    let engine: EngineSession
    let rooms: LiveRooms
    let sessions: SessionSigner
    let chat: ChatAdmission
    /// The session cookie's token of the handshake request, if it had one.
    let cookieToken: String?

    private struct State {
        var client: LiveClient?
        var pump: Task<Void, Never>?
        /// The token the connection was let in with (its `auth`, else its cookie), for `join-chat`.
        var token: String?
    }
    private let state = Mutex(State())

    init(engine: EngineSession, rooms: LiveRooms, sessions: SessionSigner, chat: ChatAdmission, cookieToken: String?) {
        self.engine = engine
        self.rooms = rooms
        self.sessions = sessions
        self.chat = chat
        self.cookieToken = cookieToken
        engine.onClose { [weak self] in self?.disconnect() }
    }

    /// A Socket.IO packet from the client (an Engine.IO message's text).
    func receive(_ text: String) async {
        let packet: SocketPacket
        do {
            packet = try SocketPacket.parse(text)
        } catch {
            // The protocol's answer to a malformed packet: the connection ends.
            engine.close()
            return
        }
        guard packet.namespace == "/" else {
            if packet.kind == .connect {
                send(SocketPacket(kind: .connectError, namespace: packet.namespace, json: Self.errorMessage("Invalid namespace")))
            }
            return
        }
        let connected = state.withLock { $0.client != nil }
        switch packet.kind {
        case .connect:
            guard !connected else { return }
            await connect(auth: packet.json)
        case .disconnect:
            disconnect()
        case .event where connected:
            await event(packet)
        case .ack where connected:
            // The server asks for no acknowledgements; one that arrives anyway changes nothing.
            return
        default:
            // Anything before a CONNECT, or a kind only the server sends: the protocol closes the connection.
            engine.close()
        }
    }

    private func connect(auth: String?) async {
        var token = cookieToken
        if let auth {
            guard let object = try? JSONSerialization.jsonObject(with: Data(auth.utf8)) as? [String: Any] else {
                send(SocketPacket(kind: .connectError, json: Self.errorMessage("auth must be a JSON object, e.g. {\"token\": \"…\"}")))
                return
            }
            if let given = object["token"] {
                guard let given = given as? String, !given.isEmpty else {
                    send(SocketPacket(kind: .connectError, json: Self.errorMessage("auth.token must be a session token (a string)")))
                    return
                }
                token = given
            }
        }
        if let token {
            do {
                _ = try await sessions.verify(token)
            } catch {
                send(SocketPacket(kind: .connectError, json: Self.errorMessage(error.message)))
                return
            }
        }
        let client = rooms.connect()
        let socketID = SessionIDs.make()
        let pump = Task { [weak self] in
            for await frame in client.frames { self?.emit(frame) }
            if client.wasDropped, let self {
                // Too slow for its rooms, as on /ws: told, then cut.
                emit(ControlFrame.error("too_slow", "the client fell behind its rooms"))
                send(SocketPacket(kind: .disconnect))
                engine.close()
            }
        }
        let accepted = state.withLock { state -> Bool in
            guard state.client == nil, !engine.isClosed else { return false }
            state.client = client
            state.pump = pump
            // Verified above (or none): what a later `join-chat` that names no token is let in with.
            state.token = token
            return true
        }
        guard accepted else {
            rooms.disconnect(client)
            pump.cancel()
            return
        }
        send(SocketPacket(kind: .connect, json: FrameText.of(["sid": socketID])))
    }

    private func event(_ packet: SocketPacket) async {
        let reply = { (outcome: Result<Void, Refused>) in
            switch (outcome, packet.ackID) {
            case (.success, let id?): self.send(SocketPacket(kind: .ack, ackID: id, json: #"[{"ok":true}]"#))
            case (.success, nil): break
            case (.failure(let refused), let id?):
                self.send(SocketPacket(kind: .ack, ackID: id, json: "[\(FrameText.of(Refusal(error: .init(code: refused.code, message: refused.message))))]"))
            case (.failure(let refused), nil): self.emit(ControlFrame.error(refused.code, refused.message))
            }
        }
        guard let json = packet.json, let arguments = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any],
              let name = arguments.first as? String else {
            // The protocol: an event's payload is a non-empty array starting with its name.
            engine.close()
            return
        }
        guard ClientMessage.types.contains(name) else {
            reply(.failure(Refused("no event \(name) here: emit \(ClientMessage.types.joined(separator: ", "))")))
            return
        }
        guard arguments.count >= 2, let argument = arguments[1] as? [String: Any],
              let data = try? JSONSerialization.data(withJSONObject: argument) else {
            reply(.failure(Refused("\(name) takes an object: {\"eventId\": \"…\"\(name.hasPrefix("join") ? ", \"after\": position" : "")}")))
            return
        }
        guard let (client, connectionToken) = state.withLock({ state in state.client.map { ($0, state.token) } }) else { return }
        do {
            switch try ClientMessage.parse(event: name, argument: data) {
            case .join(let show, let after): rooms.join(client, show: show, after: after)
            case .leave(let show): rooms.leave(client, show: show)
            case .joinChat(let show, let after, let token):
                if let refusal = await chat.refusal(token: token ?? connectionToken, show: show) {
                    reply(.failure(Refused(refusal.message, code: refusal.code)))
                    return
                }
                rooms.joinChat(client, show: show, after: after)
            case .leaveChat(let show): rooms.leaveChat(client, show: show)
            case .joinQueue(let show, let after): rooms.joinQueue(client, show: show, after: after)
            case .leaveQueue(let show): rooms.leaveQueue(client, show: show)
            }
            reply(.success(()))
        } catch {
            reply(.failure(Refused(error.message)))
        }
    }

    /// A room's or the rooms' frame (`{"type": …}`), emitted as the event its type names.
    private func emit(_ frame: String) {
        guard let type = try? JSONDecoder().decode(Typed.self, from: Data(frame.utf8)).type else { return }
        send(SocketPacket(kind: .event, json: "[\(FrameText.of([type]).dropFirst().dropLast()),\(frame)]"))
    }

    private func send(_ packet: SocketPacket) { engine.send(.message(packet.text)) }

    /// The namespace is left (or the session ended): out of every room.
    private func disconnect() {
        let (client, pump) = state.withLock { state in
            defer { state.client = nil; state.pump = nil }
            return (state.client, state.pump)
        }
        if let client { rooms.disconnect(client) }
        pump?.cancel()
    }

    private static func errorMessage(_ message: String) -> String { FrameText.of(["message": message]) }

    private struct Typed: Decodable { var type: String }
    /// Why an event was refused: its acknowledgement's (or `error` event's) code and message.
    private struct Refused: Error {
        var message: String
        var code: String
        init(_ message: String, code: String = "invalid_message") {
            self.message = message
            self.code = code
        }
    }
    private struct Refusal: Encodable {
        struct Detail: Encodable { var code: String; var message: String }
        var error: Detail
    }
}
