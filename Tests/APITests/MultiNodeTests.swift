import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import PostgresLog
import Synchronization
import TestSupport
import Testing

/// Three `tktplz serve` processes over one PostgreSQL log, as a load balancer would spread customers over them.
@Suite("Scale-out: three nodes over one PostgreSQL log")
struct MultiNodeTests {
    private struct Held: Decodable { var bookingId: String }
    private struct SeatMap: Decodable {
        struct Seat: Decodable { var id: String; var status: String }
        var seats: [Seat]
    }

    /// 200 customers spread over three nodes race for the same 50 seats: no seat is held twice, the log holds
    /// exactly the holds that were acknowledged, every node's seat map shows exactly those, and a room member on
    /// every node hears every hold once, in log order, with no gap, whichever node took it.
    @Test(.timeLimit(.minutes(3)))
    func twoHundredCustomersOnThreeNodesRaceForFiftySeats() async throws {
        let cluster = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"], "run through scripts/test.sh")
        let schema = "nodes_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let environment = ["LOG_URL": "\(cluster)?schema=\(schema)"]
        let directories = (0..<3).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-node-\(UUID().uuidString)") }
        defer { for directory in directories { try? FileManager.default.removeItem(at: directory) } }
        // The first node seeds the demo shows into the empty log; the others start on a log that has them.
        var nodes = [try await ServerProcess.start(dataDirectory: directories[0], environment: environment)]
        for directory in directories.dropFirst() { nodes.append(try await ServerProcess.start(dataDirectory: directory, environment: environment)) }

        let progress = RoomProgress()
        let listeners = nodes.map { node in
            Task {
                try await withRoomSocketValue(port: node.port) { socket -> [RoomFrame] in
                    _ = try await socket.join("demo-seated")
                    progress.joined()
                    var frames: [RoomFrame] = []
                    while true {
                        do {
                            frames.append(try await socket.next(within: .seconds(1)))
                        } catch is RoomSocketTimeout {}
                        if let last = progress.target, frames.compactMap(\.position).max() ?? 0 >= last { return frames }
                    }
                }
            }
        }
        while progress.members < 3 { try await Task.sleep(for: .milliseconds(50)) }

        let seats = "ABCDE".flatMap { row in (1...10).map { "\(row)\($0)" } }
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let won = try await withThrowingTaskGroup(of: (seat: String, booking: String)?.self) { group in
            for index in 0..<200 {
                let token = try await signer.issue(for: Identity(role: .customer, id: "racer-\(index)", email: "racer\(index)@example.com"))
                let node = nodes[index % 3]
                let seat = seats.randomElement()!
                group.addTask {
                    let reply = try await HTTPDriver(port: node.port).post("/api/booking/hold", #"{"eventId":"demo-seated","seats":["\#(seat)"]}"#, token: token)
                    guard reply.status == 200 else {
                        #expect(reply.status == 409, "\(reply.status): \(reply.body)")
                        return nil
                    }
                    return (seat, try reply.json(Held.self).bookingId)
                }
            }
            var won: [(seat: String, booking: String)] = []
            for try await hold in group { if let hold { won.append(hold) } }
            return won
        }
        let wonSeats = won.map(\.seat)
        #expect(Set(wonSeats).count == wonSeats.count, "a seat was held twice: \(wonSeats.sorted())")
        #expect(won.count > 25)

        // The log, read as a node would, holds exactly the acknowledged holds, and the domain's replay finds it sound.
        let log = try await PostgresEventLog.open(.init(url: cluster, schema: String(schema), maximumConnections: 2))
        defer { log.close() }
        #expect(try await DomainAudit.run(log).problem == nil)
        var heldInLog: [(position: UInt64, seats: Set<String>)] = []
        for record in try await log.history(of: try Show.stream(ShowID("demo-seated"))) {
            if case .itemsHeld(let held)? = try EventEncoding.decode(Show.self, record), case .seats(let seats) = held.items {
                heldInLog.append((record.position.rawValue, Set(seats.map(\.rawValue))))
            }
        }
        #expect(heldInLog.flatMap(\.seats).sorted() == wonSeats.sorted())
        let head = try await log.head()

        for node in nodes {
            let map = try await HTTPDriver(port: node.port).get("/api/event/demo-seated/seats?after=\(head.rawValue)").json(SeatMap.self)
            #expect(map.seats.filter { $0.status == "held" }.map(\.id).sorted() == wonSeats.sorted(), "node on port \(node.port)")
        }
        progress.target = heldInLog.last?.position ?? 0
        for (listener, node) in zip(listeners, nodes) {
            let locked = try await listener.value.filter { $0.type == "seats-locked" }
            #expect(locked.compactMap(\.position) == heldInLog.map(\.position), "the room on port \(node.port)")
            #expect(locked.compactMap(\.seats).map(Set.init) == heldInLog.map(\.seats))
        }
        for node in nodes { await node.stop() }
    }
}

/// How far the room members are: how many joined, and the last position they must hear before they stop.
private final class RoomProgress: Sendable {
    private let state = Mutex<(members: Int, target: UInt64?)>((0, nil))

    func joined() { state.withLock { $0.members += 1 } }
    var members: Int { state.withLock { $0.members } }
    var target: UInt64? {
        get { state.withLock { $0.target } }
        set { state.withLock { $0.target = newValue } }
    }
}
