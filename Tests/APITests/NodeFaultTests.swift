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

/// Faults under load on a log several nodes share: a node killed at random moments, and PostgreSQL itself restarted.
/// Whatever was acknowledged is in the log afterwards.
@Suite("Scale-out: faults under load", .serialized)
struct NodeFaultTests {
    /// Three nodes serve customers holding and releasing seats; one node at a time is SIGKILLed at a random moment
    /// and started again. The others keep acknowledging while it is down, and every acknowledged hold and release is
    /// in the log afterwards, which the domain's replay finds sound.
    @Test(.timeLimit(.minutes(3)))
    func aNodeKilledAtRandomMomentsLosesNothingAcknowledgedWhileTheOthersServe() async throws {
        let cluster = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"], "run through scripts/test.sh")
        let nodes = try await Nodes.start(count: 3, logURL: cluster)
        defer { nodes.removeDirectories() }
        let load = try await Load.start(nodes: nodes, workers: 6)
        for round in 0..<3 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 600...1500)))
            let victim = Int.random(in: 0..<3)
            let killed = ContinuousClock.now
            try await nodes.kill(victim)
            try await Task.sleep(for: .milliseconds(1000))
            try await nodes.restart(victim)
            let others = load.acknowledged.filter { $0.node != victim && $0.at > killed && $0.at < .now }
            print("node kill round \(round): node \(victim) down \(ContinuousClock.now - killed), \(others.count) commands acknowledged by the others meanwhile")
            #expect(!others.isEmpty, "the other nodes acknowledged nothing while node \(victim) was down")
        }
        try await Task.sleep(for: .milliseconds(500))
        let acknowledged = await load.stop()
        await nodes.stopAll()
        print("node kill: \(acknowledged.count) commands acknowledged in all")
        try await expectInTheLog(acknowledged, url: cluster, schema: nodes.schema)
    }

    /// Two nodes under load while PostgreSQL stops for three seconds and starts again: requests during the outage
    /// are answered 503 within the bound, not left hanging; both nodes reconnect and acknowledge again; nothing
    /// acknowledged is lost.
    @Test(.timeLimit(.minutes(3)))
    func aPostgresRestartUnderLoadIsA503ThenBothNodesReconnectLosingNothing() async throws {
        let database = try await PrivatePostgres.start()
        do {
            try await restartUnderLoad(database)
        } catch {
            try? await database.remove()
            throw error
        }
        // Awaited, not left to a task at the end of the scope: the test process may exit before such a task runs,
        // leaving the cluster running.
        try await database.remove()
    }

    private func restartUnderLoad(_ database: PrivatePostgres) async throws {
        let nodes = try await Nodes.start(count: 2, logURL: database.url)
        defer { nodes.removeDirectories() }
        let load = try await Load.start(nodes: nodes, workers: 4)
        try await Task.sleep(for: .milliseconds(1500))

        try await database.stop()
        let stopped = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(500))
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let token = try await signer.issue(for: Identity(role: .customer, id: "outage-probe", email: "probe@example.com"))
        for port in nodes.ports.compactMap(\.self) {
            let asked = ContinuousClock.now
            let reply = try await HTTPDriver(port: port).post("/api/booking/hold", #"{"eventId":"demo-seated","seats":["J10"]}"#, token: token)
            let waited = ContinuousClock.now - asked
            print("database down: a hold on port \(port) answered \(reply.status) after \(waited)")
            #expect(reply.status == 503, "\(reply.body)")
            #expect(waited < .seconds(10))
        }
        try await Task.sleep(until: stopped + .seconds(3))
        try await database.restart()
        let restarted = ContinuousClock.now
        // Both nodes acknowledge commands again.
        while Set(load.acknowledged.filter { $0.at > restarted }.map(\.node)).count < 2 {
            try await Task.sleep(for: .milliseconds(100))
        }
        print("database restarted: both nodes acknowledging again after \(ContinuousClock.now - restarted)")
        try await Task.sleep(for: .milliseconds(500))
        let acknowledged = await load.stop()
        await nodes.stopAll()
        print("database restart: \(acknowledged.count) commands acknowledged in all")
        try await expectInTheLog(acknowledged, url: database.url, schema: nodes.schema)
    }

    /// Every acknowledged hold and release is in the show's stream, and the domain's replay finds the log sound.
    private func expectInTheLog(_ acknowledged: [Load.Acknowledged], url: String, schema: String) async throws {
        let log = try await PostgresEventLog.open(.init(url: url, schema: schema, maximumConnections: 2))
        defer { log.close() }
        #expect(try await DomainAudit.run(log).problem == nil)
        var (held, released) = (Set<String>(), Set<String>())
        for record in try await log.history(of: try Show.stream(ShowID("demo-seated"))) {
            switch try EventEncoding.decode(Show.self, record) {
            case .itemsHeld(let event)?: held.insert(event.booking.rawValue)
            case .holdReleased(let event)?: released.insert(event.booking.rawValue)
            default: break
            }
        }
        let lostHolds = acknowledged.filter { $0.kind == .hold && !held.contains($0.booking) }
        let lostReleases = acknowledged.filter { $0.kind == .release && !released.contains($0.booking) }
        #expect(lostHolds.isEmpty, "acknowledged holds missing from the log: \(lostHolds.map(\.booking))")
        #expect(lostReleases.isEmpty, "acknowledged releases missing from the log: \(lostReleases.map(\.booking))")
        #expect(acknowledged.count > 10)
    }
}

/// Server processes over one PostgreSQL log (a schema of their own), each with its own data directory.
private final class Nodes: Sendable {
    let schema: String
    private let environment: [String: String]
    private let directories: [URL]
    private let processes: Mutex<[ServerProcess?]>

    private init(schema: String, environment: [String: String], directories: [URL], processes: [ServerProcess]) {
        self.schema = schema
        self.environment = environment
        self.directories = directories
        self.processes = Mutex(processes)
    }

    static func start(count: Int, logURL: String) async throws -> Nodes {
        let schema = "faults_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let environment = ["LOG_URL": "\(logURL)?schema=\(schema)"]
        let directories = (0..<count).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-node-\(UUID().uuidString)") }
        // The first seeds the demo shows into the empty log; the others start on a log that has them.
        var processes: [ServerProcess] = []
        for directory in directories { processes.append(try await ServerProcess.start(dataDirectory: directory, environment: environment)) }
        return Nodes(schema: String(schema), environment: environment, directories: directories, processes: processes)
    }

    /// Each node's port, `nil` while it is down.
    var ports: [Int?] { processes.withLock { $0.map { $0?.port } } }

    func kill(_ index: Int) async throws {
        let process = processes.withLock { processes in
            defer { processes[index] = nil }
            return processes[index]
        }
        await process?.kill()
    }

    func restart(_ index: Int) async throws {
        let process = try await ServerProcess.start(dataDirectory: directories[index], environment: environment)
        processes.withLock { $0[index] = process }
    }

    func stopAll() async {
        for process in processes.withLock({ $0 }) { await process?.stop() }
    }

    func removeDirectories() {
        for directory in directories { try? FileManager.default.removeItem(at: directory) }
    }
}

/// Customers holding a seat and releasing it again, round the nodes that are up, recording what was acknowledged.
private final class Load: Sendable {
    struct Acknowledged: Sendable {
        enum Kind: Sendable { case hold, release }
        var kind: Kind
        var booking: String
        var node: Int
        var at: ContinuousClock.Instant
    }

    private let done = Mutex<[Acknowledged]>([])
    private let stopping = Atomic<Bool>(false)
    private let workers = Mutex<Task<Void, Never>?>(nil)

    var acknowledged: [Acknowledged] { done.withLock { $0 } }

    static func start(nodes: Nodes, workers count: Int) async throws -> Load {
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        var tokens: [String] = []
        for index in 0..<count {
            tokens.append(try await signer.issue(for: Identity(role: .customer, id: "fault-\(index)", email: "fault\(index)@example.com")))
        }
        let load = Load()
        let running = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, token) in tokens.enumerated() {
                    group.addTask { await load.work(index, token: token, nodes: nodes) }
                }
            }
        }
        load.workers.withLock { $0 = running }
        return load
    }

    /// Stops the customers and answers everything acknowledged.
    func stop() async -> [Acknowledged] {
        stopping.store(true, ordering: .relaxed)
        await workers.withLock { $0 }?.value
        return acknowledged
    }

    /// One customer: a seat of its own row, held through one node and released through the next; a refused or
    /// failed request (a node down, the database gone) is simply not acknowledged.
    private func work(_ index: Int, token: String, nodes: Nodes) async {
        let row = Array("ABCDEFGHIJ")[index % 10]
        var turn = index
        while !stopping.load(ordering: .relaxed) {
            turn += 1
            let ports = nodes.ports
            let up = ports.indices.filter { ports[$0] != nil }
            guard !up.isEmpty else {
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            let node = up[turn % up.count]
            let seat = "\(row)\(Int.random(in: 1...10))"
            guard let held = try? await HTTPDriver(port: ports[node]!).post(
                "/api/booking/hold", #"{"eventId":"demo-seated","seats":["\#(seat)"]}"#, token: token),
                held.status == 200, let booking = try? held.json(Held.self).bookingId
            else {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            record(.hold, booking, node)
            let next = up[(turn + 1) % up.count]
            guard let released = try? await HTTPDriver(port: ports[next]!).post(
                "/api/booking/release", #"{"eventId":"demo-seated","bookingId":"\#(booking)"}"#, token: token),
                released.status == 200
            else { continue }
            record(.release, booking, next)
        }
    }

    private func record(_ kind: Acknowledged.Kind, _ booking: String, _ node: Int) {
        let acknowledged = Acknowledged(kind: kind, booking: booking, node: node, at: .now)
        done.withLock { $0.append(acknowledged) }
    }

    private struct Held: Decodable { var bookingId: String }
}
