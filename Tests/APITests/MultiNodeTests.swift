import API
import Crypto
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
@Suite("Scale-out: three nodes over one PostgreSQL log", .serialized)
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
        let cluster = try Self.cluster()
        let (nodes, schema, directories) = try await Self.startNodes(cluster)
        defer { for directory in directories { try? FileManager.default.removeItem(at: directory) } }

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

    /// What a node keeps besides the log that is not a cache lives beside the shared log: a poster uploaded through
    /// one node is served byte for byte by the others, a sandbox order made on one is paid through another and
    /// verified on the third, and every node signs tickets with the same development key.
    @Test(.timeLimit(.minutes(3)))
    func postersPaymentsAndKeysAreSharedByEveryNode() async throws {
        let (nodes, _, directories) = try await Self.startNodes(try Self.cluster())
        defer { for directory in directories { try? FileManager.default.removeItem(at: directory) } }
        let drivers = nodes.map { HTTPDriver(port: $0.port) }

        var keys: Set<String> = []
        struct PublicKey: Decodable { var publicKey: String }
        for driver in drivers { keys.insert(try await driver.get("/api/ticket/public-key").json(PublicKey.self).publicKey) }
        #expect(keys.count == 1, "each node made its own ticket key: \(keys)")

        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let organizer = try await signer.issue(for: Identity(role: .organizer, id: DemoData.organizer.rawValue, email: DemoData.organizerEmail))
        var poster = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        poster.append(contentsOf: (0..<3000).map { _ in UInt8.random(in: 0...255) })
        let uploaded = try await drivers[0].upload("/api/organizer/events/demo-seated/poster", field: "poster", file: poster, type: "image/png",
                                                   token: organizer)
        #expect(uploaded.status == 200, "\(uploaded.body)")
        let name = SHA256.hash(data: poster).map { String(format: "%02x", $0) }.joined() + ".png"
        for driver in drivers.dropFirst() {
            let served = try await driver.bytes("/api/images/\(name)")
            #expect(served.status == 200)
            #expect(served.bytes == poster, "node on port \(driver.port)")
        }

        let customer = try await signer.issue(for: Identity(role: .customer, id: "shared-buyer", email: "buyer@example.com"))
        let held = try await drivers[0].post("/api/booking/hold", #"{"eventId":"demo-seated","seats":["J1"]}"#, token: customer)
        try #require(held.status == 200, "\(held.body)")
        let booking = try held.json(HoldReply.self).bookingId
        let ordered = try await drivers[0].post("/api/payment/order", #"{"bookingId":"\#(booking)"}"#, token: customer)
        try #require(ordered.status == 200, "\(ordered.body)")
        let order = try ordered.json(OrderReply.self).orderId
        let paid = try await drivers[1].post("/sandbox/checkout/\(order)/pay", #"{"outcome":"succeed"}"#)
        try #require(paid.status == 200, "the order made on one node is unknown to another: \(paid.body)")
        let payment = try paid.json(PaidReply.self)
        let verified = try await drivers[2].post("/api/payment/verify", """
            {"bookingId":"\(booking)","razorpay_order_id":"\(payment.razorpay_order_id)",\
            "razorpay_payment_id":"\(payment.razorpay_payment_id)","razorpay_signature":"\(payment.razorpay_signature ?? "")"}
            """, token: customer)
        #expect(verified.status == 200, "\(verified.body)")
        #expect(try verified.json(ConfirmationReply.self).status == "confirmed")
        for node in nodes { await node.stop() }
    }

    /// A hold left alone expires once although all three nodes run a scheduler and a reactor: one `HoldExpired` on
    /// the show, one `BookingExpired` on the booking, and every node's seat map frees the seat.
    @Test(.timeLimit(.minutes(3)))
    func aHoldLeftAloneExpiresOnceAlthoughEveryNodeRunsAScheduler() async throws {
        let cluster = try Self.cluster()
        let (nodes, schema, directories) = try await Self.startNodes(cluster)
        defer { for directory in directories { try? FileManager.default.removeItem(at: directory) } }
        let log = try await PostgresEventLog.open(.init(url: cluster, schema: schema, maximumConnections: 2))
        defer { log.close() }

        let hold = try await HoldLeftAlone.take("H5", booking: "b-multi-expiry", expiresIn: .seconds(3), log: log)
        let (show, booking, timer) = (hold.show, hold.booking, hold.timer)

        var bookingEvents: [String] = []
        while !bookingEvents.contains("BookingExpired") {
            try await Task.sleep(for: .milliseconds(200))
            bookingEvents = try await log.read(stream: booking, from: .first, direction: .forwards, limit: 10).map(\.type)
        }
        // Whatever a slower node's scheduler or reactor would still do, it has had the time to.
        try await Task.sleep(for: .seconds(2))
        #expect(try await log.read(stream: show, from: .first, direction: .forwards, limit: 1000).filter { $0.type == "HoldExpired" }.count == 1)
        #expect(try await log.read(stream: booking, from: .first, direction: .forwards, limit: 10).map(\.type) == ["BookingStarted", "BookingExpired"])
        #expect(try await !log.pendingSchedule().contains { $0.id == timer.id })
        let head = try await log.head()
        for node in nodes {
            let map = try await HTTPDriver(port: node.port).get("/api/event/demo-seated/seats?after=\(head.rawValue)").json(SeatMap.self)
            #expect(map.seats.first { $0.id == "H5" }?.status == "free", "node on port \(node.port)")
        }
        for node in nodes { await node.stop() }
    }

    /// A logout on one node is refused at once there and, within the followers' lag, on every other node: each
    /// answers session checks from memory on a shared log (`EndedSessions`), and had taken this token before.
    @Test(.timeLimit(.minutes(3)))
    func aSessionEndedOnOneNodeIsRefusedByEveryNode() async throws {
        let (nodes, _, directories) = try await Self.startNodes(try Self.cluster())
        defer { for directory in directories { try? FileManager.default.removeItem(at: directory) } }
        let drivers = nodes.map { HTTPDriver(port: $0.port) }
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let token = try await signer.issue(for: Identity(role: .customer, id: "leaving", email: "leaving@example.com"))
        let other = try await signer.issue(for: Identity(role: .customer, id: "leaving", email: "leaving@example.com"))
        for driver in drivers {
            #expect(try await driver.get("/api/auth/me", token: token).status == 200)
            #expect(try await driver.get("/api/auth/me", token: token).status == 200)
        }

        #expect(try await drivers[0].post("/api/auth/logout", "", token: token).status == 204)
        #expect(try await drivers[0].get("/api/auth/me", token: token).status == 401)
        for driver in drivers.dropFirst() {
            let refused = try await eventually { try await driver.get("/api/auth/me", token: token).status == 401 }
            #expect(refused, "node on port \(driver.port) still takes the ended session")
            // Another session of the same customer is not ended by this one's logout.
            #expect(try await driver.get("/api/auth/me", token: other).status == 200)
        }
        for node in nodes { await node.stop() }
    }

    /// A customer signed up on one node is read on every node (their personal data sealed under a key in the
    /// shared schema), and erased on another: then every node answers it erased, within the followers' lag, and
    /// refuses the customer's session, and a dump of the shared log holds nothing of theirs.
    @Test(.timeLimit(.minutes(3)))
    func aCustomerErasedOnOneNodeIsErasedOnEveryNode() async throws {
        let cluster = try Self.cluster()
        let (nodes, schema, directories) = try await Self.startNodes(cluster)
        defer { for directory in directories { try? FileManager.default.removeItem(at: directory) } }
        let drivers = nodes.map { HTTPDriver(port: $0.port) }
        let email = "nila-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let name = "Nila Sealedottir"
        let token = try await drivers[0].signIn(email, signUpAs: name)
        let held = try await drivers[0].post("/api/booking/hold", #"{"eventId":"demo-seated","seats":["J2"]}"#, token: token)
        try #require(held.status == 200, "\(held.body)")
        let booking = try held.json(HoldReply.self).bookingId
        let order = try await drivers[0].post("/api/payment/order", #"{"bookingId":"\#(booking)"}"#, token: token).json(OrderReply.self).orderId
        let payment = try await drivers[1].post("/sandbox/checkout/\(order)/pay", #"{"outcome":"succeed"}"#).json(PaidReply.self)
        let verified = try await drivers[2].post("/api/payment/verify", """
            {"bookingId":"\(booking)","razorpay_order_id":"\(payment.razorpay_order_id)",\
            "razorpay_payment_id":"\(payment.razorpay_payment_id)","razorpay_signature":"\(payment.razorpay_signature ?? "")"}
            """, token: token)
        try #require(verified.status == 200, "\(verified.body)")

        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let organizer = try await signer.issue(for: Identity(role: .organizer, id: DemoData.organizer.rawValue, email: DemoData.organizerEmail))
        for driver in drivers {
            let listed = try await eventually { try await driver.get("/api/organizer/events/demo-seated/attendees", token: organizer).body.contains(email) }
            #expect(listed, "node on port \(driver.port) reads the customer another node signed up")
        }

        #expect(try await drivers[1].delete("/api/user/account", #"{"confirm":true}"#, token: token).status == 200)
        for driver in drivers {
            let erased = try await eventually {
                let body = try await driver.get("/api/organizer/events/demo-seated/attendees", token: organizer).body
                return !body.contains(email) && !body.contains(name) && body.contains(PersonalData.erased)
            }
            #expect(erased, "node on port \(driver.port) still answers the erased customer's data")
            let refused = try await eventually { try await driver.get("/api/auth/me", token: token).status == 401 }
            #expect(refused, "node on port \(driver.port) still takes the erased customer's session")
        }
        let dumped = try await ToolProcess.run(["log", "dump", "--log", "\(cluster)?schema=\(schema)"])
        #expect(dumped.status == 0, "\(dumped.errors)")
        #expect(!dumped.output.contains(email) && !dumped.output.contains(name) && dumped.output.contains(DemoData.customerEmail))
        for node in nodes { await node.stop() }
    }

    private static func cluster() throws -> String {
        try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"], "run through scripts/test.sh")
    }

    /// Three serve processes over a new log in a schema of its own, each with a data directory of its own (its
    /// projections). The first seeds the demo shows into the empty log; the others start on a log that has them.
    private static func startNodes(_ cluster: String) async throws -> (nodes: [ServerProcess], schema: String, directories: [URL]) {
        let schema = "nodes_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let environment = ["LOG_URL": "\(cluster)?schema=\(schema)"]
        let directories = (0..<3).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-node-\(UUID().uuidString)") }
        var nodes = [try await ServerProcess.start(dataDirectory: directories[0], environment: environment)]
        for directory in directories.dropFirst() { nodes.append(try await ServerProcess.start(dataDirectory: directory, environment: environment)) }
        return (nodes, String(schema), directories)
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
