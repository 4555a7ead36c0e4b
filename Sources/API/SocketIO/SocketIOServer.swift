import Foundation
import Synchronization

/// The Engine.IO sessions behind `/socket.io/`, each with its Socket.IO connection: made at the handshake, found
/// by id on every later request, kept alive by the heartbeat and forgotten when they close.
final class SocketIOServer: Sendable {
    /// The handshake's timings and limit. The defaults are the reference server's, with a smaller `maxPayload`:
    /// what a client sends here is joins and leaves.
    struct Settings: Sendable {
        var pingInterval: Duration = .seconds(25)
        var pingTimeout: Duration = .seconds(20)
        var maxPayload = 16_384
        /// Packets queued for a client that does not collect them (a stalled poller) before its session is closed.
        var queueLimit = 1024
    }

    let settings: Settings
    let rooms: LiveRooms
    let sessions: SessionSigner
    let chat: ChatAdmission
    /// Sessions open at once per client address, shared with `/ws`'s limit.
    let connections: WebSocketConnections
    private let open = Mutex<[String: Entry]>([:])

    struct Entry: Sendable {
        let engine: EngineSession
        let connection: SocketIOConnection
    }

    init(settings: Settings = Settings(), rooms: LiveRooms, sessions: SessionSigner, chat: ChatAdmission, connections: WebSocketConnections) {
        self.settings = settings
        self.rooms = rooms
        self.sessions = sessions
        self.chat = chat
        self.connections = connections
    }

    /// A new session (its `open` packet already queued for polling, or to be written first on a WebSocket), or
    /// `nil` when the address has as many open as it may.
    func handshake(transport: EngineSession.Transport, address: String, cookieToken: String?) -> Entry? {
        guard connections.enter(address) else { return nil }
        let engine = EngineSession(id: SessionIDs.make(), transport: transport, maxPayload: settings.maxPayload,
                                   queueLimit: settings.queueLimit)
        let entry = Entry(engine: engine, connection: SocketIOConnection(engine: engine, rooms: rooms, sessions: sessions, chat: chat, cookieToken: cookieToken))
        open.withLock { $0[engine.id] = entry }
        engine.send(.open(FrameText.of(Handshake(
            sid: engine.id, upgrades: transport == .polling ? ["websocket"] : [],
            pingInterval: Self.milliseconds(settings.pingInterval), pingTimeout: Self.milliseconds(settings.pingTimeout),
            maxPayload: settings.maxPayload))))
        let heartbeat = Task { [settings] in
            while !engine.isClosed {
                do { try await Task.sleep(for: settings.pingInterval) } catch { return }
                engine.pinged()
                engine.send(.ping(""))
                do { try await Task.sleep(for: settings.pingTimeout) } catch { return }
                if engine.awaitingPong { engine.close() }
            }
        }
        engine.onClose { [weak self] in
            heartbeat.cancel()
            self?.open.withLock { _ = $0.removeValue(forKey: engine.id) }
            self?.connections.leave(address)
        }
        return entry
    }

    func session(_ id: String) -> Entry? { open.withLock { $0[id] } }

    /// Packets from the client, by whichever transport: pongs end the heartbeat's wait, messages go to Socket.IO,
    /// `close` ends the session. A packet the client may not send ends it too.
    func receive(_ packets: [EnginePacket], in entry: Entry) async {
        for packet in packets {
            switch packet {
            case .pong: entry.engine.pong()
            case .message(let text): await entry.connection.receive(text)
            case .close:
                entry.engine.close(last: .noop)
                return
            case .noop: continue
            case .binary:
                // Socket.IO's binary events need attachments this server does not take.
                entry.engine.close()
                return
            case .open, .ping, .upgrade:
                // `ping probe` and `upgrade` belong to the WebSocket's upgrade (handled there); a client opens nothing.
                entry.engine.close()
                return
            }
        }
    }

    /// Every open session, closed (at shutdown: pollers get `close`, WebSocket writers send it and end).
    func closeAll() {
        for entry in open.withLock({ Array($0.values) }) { entry.engine.close() }
    }

    var openCount: Int { open.withLock { $0.count } }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private struct Handshake: Encodable {
        var sid: String
        var upgrades: [String]
        var pingInterval: Int
        var pingTimeout: Int
        var maxPayload: Int
    }
}
