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
        case join(LiveClient, show: String, after: UInt64?)
        case leave(LiveClient, show: String)
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

    func join(_ client: LiveClient, show: String, after: UInt64?) { inputs.yield(.join(client, show: show, after: after)) }
    func leave(_ client: LiveClient, show: String) { inputs.yield(.leave(client, show: show)) }

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
    var rooms: [String: LiveRoom] = [:]
    var memberships: [UInt64: Set<String>] = [:]

    init(owner: LiveRooms, logger: Logger) {
        self.owner = owner
        self.logger = logger
    }

    mutating func handle(_ input: LiveRooms.Input) async {
        switch input {
        case .page(let records):
            fold(records)
        case .join(let client, let show, let after):
            await join(client, show: show, after: after)
        case .leave(let client, let show):
            leave(client, show: show)
            client.send(ControlFrame.left(show))
        case .disconnect(let client):
            for show in memberships.removeValue(forKey: client.id) ?? [] { leave(client, show: show) }
        }
    }

    private mutating func fold(_ records: [RecordedEvent]) {
        for record in records where record.stream.isIn(category: Show.category) {
            guard let room = rooms[record.stream.id] else { continue }
            let event: Show.Event?
            do {
                event = try EventEncoding.decode(Show.self, record)
            } catch {
                logger.error("live rooms: undecodable show event", metadata: ["position": "\(record.position)", "error": "\(error)"])
                continue
            }
            guard let event else { continue }
            for frame in room.fold(event, at: record.position.rawValue) { broadcast(frame, in: room) }
        }
    }

    private mutating func broadcast(_ frame: RoomMessageFrame, in room: LiveRoom) {
        var slow: [LiveClient] = []
        for (_, member) in room.members where frame.position > member.seenThrough {
            if !member.client.send(frame.text) { slow.append(member.client) }
        }
        for client in slow {
            owner.droppedClients.add(1, ordering: .relaxed)
            logger.notice("live rooms: dropped a client that fell behind", metadata: ["client": "\(client.id)"])
            for show in memberships.removeValue(forKey: client.id) ?? [] { leave(client, show: show) }
        }
    }

    private mutating func join(_ client: LiveClient, show: String, after: UInt64?) async {
        var joined = memberships[client.id] ?? []
        guard joined.contains(show) || joined.count < owner.roomsPerClient else {
            client.send(ControlFrame.error("too_many_rooms", "a connection may be in at most \(owner.roomsPerClient) rooms; leave one first"))
            return
        }
        let room: LiveRoom
        if let loaded = rooms[show] {
            room = loaded
        } else {
            do {
                guard let loaded = try await load(show) else {
                    client.send(ControlFrame.error("not_found", "event \(show) does not exist"))
                    return
                }
                room = loaded
            } catch {
                logger.error("live rooms: loading a room failed", metadata: ["show": "\(show)", "error": "\(error)"])
                client.send(ControlFrame.error("unavailable", "the event's room cannot be opened now; try again"))
                return
            }
            rooms[show] = room
        }
        guard !client.wasDropped else { return }
        var seen = room.position
        if let after {
            if let missed = room.messages(after: after) {
                for frame in missed { client.send(frame.text) }
                seen = max(after, room.position)
            } else {
                // Too far back to replay from memory: the client reloads the seat map at this position.
                client.send(ControlFrame.resync(show, position: room.position))
            }
        }
        client.send(ControlFrame.joined(show, position: room.position))
        room.members[client.id] = (client, seen)
        joined.insert(show)
        memberships[client.id] = joined
    }

    private mutating func leave(_ client: LiveClient, show: String) {
        memberships[client.id]?.remove(show)
        guard let room = rooms[show] else { return }
        room.members.removeValue(forKey: client.id)
        if room.members.isEmpty { rooms.removeValue(forKey: show) }
    }

    /// Folds the show's stream into a new room; `nil` for a show that does not exist or is not public yet.
    private func load(_ show: String) async throws -> LiveRoom? {
        let stream = try Show.stream(ShowID(show))
        let room = LiveRoom(show: show, historyLimit: owner.historyLimit)
        var pages = owner.log.pages(of: stream)
        while let page = try await pages.next() {
            for record in page {
                if let event = try EventEncoding.decode(Show.self, record) { _ = room.fold(event, at: record.position.rawValue) }
            }
        }
        switch room.availability.status {
        case .none, .draft, .submitted, .rejected: return nil
        case .approved, .cancelled, .ended: return room
        }
    }
}
