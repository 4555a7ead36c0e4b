import Domain
import DomainEvents
public import EventStore
import Foundation
public import Logging
import Projections
import Synchronization

/// The live rooms behind `/ws`: follows the log and tells each show's room what changed, in log order.
///
/// Everything that touches rooms (a page of the log, a join, a leave) goes through one loop, so a client that
/// joins with the last position it saw gets exactly the messages after it and then the live ones, with no gap
/// and no repeat. A room is loaded from the show's stream when its first member joins and dropped when its last
/// member leaves; it remembers its recent messages (`historyLimit`) for clients that reconnect.
public final class LiveRooms: Sendable {
    enum Input {
        case page([RecordedEvent])
        case join(LiveClient, RoomKey, after: UInt64?)
        case leave(LiveClient, RoomKey)
        case disconnect(LiveClient)
    }

    let log: any EventLog
    let historyLimit: Int
    let queueLimit: Int
    let roomsPerClient: Int
    private let inputs: AsyncStream<Input>.Continuation
    private let inputStream: AsyncStream<Input>
    /// One element per page the loop has folded: the follower reads the log no faster than the rooms take it.
    private let pageDone: AsyncStream<Void>.Continuation
    private let pagesDone: AsyncStream<Void>
    private let nextClient = Atomic<UInt64>(1)
    /// Open sockets and clients dropped for being slow, for `/metrics`.
    let openSockets = Atomic<Int>(0)
    let droppedClients = Atomic<Int>(0)

    public init(log: any EventLog, historyLimit: Int = 4096, queueLimit: Int = 512, roomsPerClient: Int = 16) {
        self.log = log
        self.historyLimit = historyLimit
        self.queueLimit = queueLimit
        self.roomsPerClient = roomsPerClient
        (inputStream, inputs) = AsyncStream.makeStream(of: Input.self)
        (pagesDone, pageDone) = AsyncStream.makeStream(of: Void.self)
    }

    /// A new connection's queue of frames.
    func connect() -> LiveClient {
        openSockets.add(1, ordering: .relaxed)
        return LiveClient(id: nextClient.add(1, ordering: .relaxed).oldValue, queueLimit: queueLimit)
    }

    func join(_ client: LiveClient, show: String, after: UInt64?) { inputs.yield(.join(client, .show(show), after: after)) }
    func leave(_ client: LiveClient, show: String) { inputs.yield(.leave(client, .show(show))) }
    /// Into a show's chat room: only for a client its caller has let in (`EventChat.member`).
    func joinChat(_ client: LiveClient, show: String, after: UInt64?) { inputs.yield(.join(client, .chat(show), after: after)) }
    func leaveChat(_ client: LiveClient, show: String) { inputs.yield(.leave(client, .chat(show))) }
    /// Into a show's queue room (public).
    func joinQueue(_ client: LiveClient, show: String, after: UInt64?) { inputs.yield(.join(client, .queue(show), after: after)) }
    func leaveQueue(_ client: LiveClient, show: String) { inputs.yield(.leave(client, .queue(show))) }

    /// The connection closed: leaves every room it was in.
    func disconnect(_ client: LiveClient) {
        openSockets.subtract(1, ordering: .relaxed)
        client.finish()
        inputs.yield(.disconnect(client))
    }

    /// Follows the log from its head and serves joins and leaves until cancelled.
    public func run(logger: Logger) async throws {
        let start = try await log.head()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var done = self.pagesDone.makeAsyncIterator()
                for try await page in self.log.subscribe(after: start, pageSize: 1024) {
                    self.inputs.yield(.page(page))
                    // Cancellation ends this wait too, so a stopping loop never strands the follower.
                    guard await done.next() != nil else { return }
                }
            }
            group.addTask {
                var table = RoomTable(owner: self, logger: logger)
                for await input in self.inputStream {
                    try Task.checkCancellation()
                    await table.handle(input)
                    if case .page = input { self.pageDone.yield() }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// The rooms' state, owned by the loop in `LiveRooms.run`.
private struct RoomTable {
    let owner: LiveRooms
    let logger: Logger
    var rooms: [RoomKey: any Room] = [:]
    var memberships: [UInt64: Set<RoomKey>] = [:]

    init(owner: LiveRooms, logger: Logger) {
        self.owner = owner
        self.logger = logger
    }

    mutating func handle(_ input: LiveRooms.Input) async {
        switch input {
        case .page(let records):
            fold(records)
        case .join(let client, let key, let after):
            await join(client, key, after: after)
        case .leave(let client, let key):
            leave(client, key)
            client.send(ControlFrame.left(key))
        case .disconnect(let client):
            for key in memberships.removeValue(forKey: client.id) ?? [] { leave(client, key) }
        }
    }

    private mutating func fold(_ records: [RecordedEvent]) {
        for record in records {
            if record.stream.isIn(category: Customer.category), record.type == Customer.erasedType {
                for case let chat as ChatRoom in rooms.values { chat.forgetHistory(through: record.position.rawValue) }
                continue
            }
            let frames: [RoomMessageFrame]
            let room: any Room
            do {
                if record.stream.isIn(category: Show.category), let show = rooms[.show(record.stream.id)] as? LiveRoom {
                    guard let event = try EventEncoding.decode(Show.self, record) else { continue }
                    (room, frames) = (show, show.fold(event, at: record.position.rawValue))
                } else if record.stream.isIn(category: ShowChat.category), let chat = rooms[.chat(record.stream.id)] as? ChatRoom {
                    guard let event = try EventEncoding.decode(ShowChat.self, record) else { continue }
                    (room, frames) = (chat, chat.fold(event, at: record.position.rawValue))
                } else if record.stream.isIn(category: SaleQueue.category), let queue = rooms[.queue(record.stream.id)] as? QueueRoom {
                    guard let event = try EventEncoding.decode(SaleQueue.self, record) else { continue }
                    (room, frames) = (queue, queue.fold(event, at: record.position.rawValue))
                } else {
                    continue
                }
            } catch {
                logger.error("live rooms: undecodable event", metadata: ["position": "\(record.position)", "error": "\(error)"])
                continue
            }
            for frame in frames { broadcast(frame, in: room) }
        }
    }

    private mutating func broadcast(_ frame: RoomMessageFrame, in room: any Room) {
        var slow: [LiveClient] = []
        for (_, member) in room.members where frame.position > member.seenThrough {
            if !member.client.send(frame.text) { slow.append(member.client) }
        }
        for client in slow {
            owner.droppedClients.add(1, ordering: .relaxed)
            logger.notice("live rooms: dropped a client that fell behind", metadata: ["client": "\(client.id)"])
            for key in memberships.removeValue(forKey: client.id) ?? [] { leave(client, key) }
        }
    }

    private mutating func join(_ client: LiveClient, _ key: RoomKey, after: UInt64?) async {
        var joined = memberships[client.id] ?? []
        guard joined.contains(key) || joined.count < owner.roomsPerClient else {
            client.send(ControlFrame.error("too_many_rooms", "a connection may be in at most \(owner.roomsPerClient) rooms; leave one first"))
            return
        }
        let room: any Room
        if let loaded = rooms[key] {
            room = loaded
        } else {
            do {
                guard let loaded = try await load(key) else {
                    if case .queue = key {
                        client.send(ControlFrame.error("not_found", "event \(key.show) has no queue"))
                    } else {
                        client.send(ControlFrame.error("not_found", "event \(key.show) does not exist"))
                    }
                    return
                }
                room = loaded
            } catch {
                logger.error("live rooms: loading a room failed", metadata: ["show": "\(key.show)", "error": "\(error)"])
                client.send(ControlFrame.error("unavailable", "the event's room cannot be opened now; try again"))
                return
            }
            rooms[key] = room
        }
        guard !client.wasDropped else { return }
        var seen = room.position
        if let after {
            if let missed = room.messages(after: after) {
                for frame in missed { client.send(frame.text) }
                seen = max(after, room.position)
            } else {
                // Too far back to replay from memory: the client reloads the seat map (or chat) at this position.
                client.send(ControlFrame.resync(key, position: room.position))
            }
        }
        client.send(ControlFrame.joined(key, position: room.position))
        room.members[client.id] = (client, seen)
        joined.insert(key)
        memberships[client.id] = joined
    }

    private mutating func leave(_ client: LiveClient, _ key: RoomKey) {
        memberships[client.id]?.remove(key)
        guard let room = rooms[key] else { return }
        room.members.removeValue(forKey: client.id)
        if room.members.isEmpty { rooms.removeValue(forKey: key) }
    }

    /// Folds the room's stream into a new room; `nil` for a show that does not exist or is not public yet.
    private func load(_ key: RoomKey) async throws -> (any Room)? {
        switch key {
        case .show(let show):
            let room = LiveRoom(show: show, historyLimit: owner.historyLimit)
            var pages = owner.log.pages(of: try Show.stream(ShowID(show)))
            while let page = try await pages.next() {
                for record in page {
                    if let event = try EventEncoding.decode(Show.self, record) { _ = room.fold(event, at: record.position.rawValue) }
                }
            }
            switch room.availability.status {
            case .none, .draft, .submitted, .rejected: return nil
            case .approved, .cancelled, .ended: return room
            }
        case .queue(let show):
            let room = QueueRoom(show: show, historyLimit: owner.historyLimit)
            var pages = owner.log.pages(of: try SaleQueue.stream(ShowID(show)))
            var any = false
            while let page = try await pages.next() {
                for record in page {
                    any = true
                    if let event = try EventEncoding.decode(SaleQueue.self, record) { _ = room.fold(event, at: record.position.rawValue) }
                }
            }
            return any ? room : nil
        case .chat(let show):
            // The caller checked the show and the member; an empty chat is a room with no messages yet.
            let room = ChatRoom(show: show, historyLimit: owner.historyLimit)
            var pages = owner.log.pages(of: try ShowChat.stream(ShowID(show)))
            while let page = try await pages.next() {
                for record in page {
                    if let event = try EventEncoding.decode(ShowChat.self, record) { _ = room.fold(event, at: record.position.rawValue) }
                }
            }
            return room
        }
    }
}
