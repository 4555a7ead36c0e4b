import API
import App
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Projections
import Synchronization
import TestSupport
import Testing

/// Rebuilding projections beside a serving server: into the other table, then an atomic switch.
@Suite("Projections: rebuilds beside the live views")
struct ProjectionRebuildTests {
    /// Some of everything: holds, a purchase, a refund, an analytics row, listings, a chat with a hidden message.
    private func activity(_ driver: CheckoutDriver, _ log: LMDBEventLog, _ store: ProjectionStore) async throws {
        _ = try await driver.buy(try await customer("c1"), seats: ["A1", "A2"])
        let second = try await driver.buy(try await customer("c2"), seats: ["H1"])
        _ = try await driver.hold(try await customer("c3"), seats: ["B1"])
        _ = try await driver.post("/api/booking/hold", try await customer("c4"), #"{"eventId":"demo-open","tickets":{"gold":2}}"#)
        #expect(try await driver.post("/api/payment/refund", try await customer("c2"), #"{"bookingId":"\#(second.bookingId)"}"#).status == .ok)
        #expect(try await driver.post("/api/user/issues", try await customer("c1"), #"{"subject":"Seat A2 wobbles","description":"It does."}"#).status == .ok)
        try await settle(log, store)
        for text in ["See you there", "Which door?"] {
            #expect(try await driver.post("/api/event/demo-seated/chat", try await customer("c1"), #"{"text":"\#(text)"}"#).status == .created)
        }
        #expect(try await driver.post("/api/organizer/events/demo-seated/chat/1/hide", try await organizer(), "").status == .ok)
        let hook = try await driver.post("/api/organizer/webhooks", try await organizer(), #"{"url":"https://hooks.example.com/t","topics":["sold"]}"#)
        #expect(hook.status == .ok)
        struct Hook: Decodable { var webhookId: String }
        let id = try decode(Hook.self, hook).webhookId
        #expect(try await driver.post("/api/organizer/webhooks/\(id)/replay", try await organizer(), #"{"from":1}"#).status == .ok)
    }

    /// Waits until every projection has applied the log's head.
    private func settle(_ log: LMDBEventLog, _ store: ProjectionStore) async throws {
        try await waitForProjections(toReach: try await log.head(), in: store)
    }

    /// The tools rebuild by name from the catalog; a projection the server runs but the catalog lacks would be
    /// left out of rebuilds, `projections status` and the fault test.
    @Test func theCatalogListsExactlyTheProjectionsTheServerRuns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        let server = try await Server(
            settings: ServerSettings(host: "127.0.0.1", port: 0, dataDirectory: directory), log: log,
            projections: try ProjectionStore(path: directory.appendingPathComponent("projections").path, durable: false),
            sessions: try await SessionSigner(secret: testSecret), codeKey: "test", logger: Logger(label: "test"))
        #expect(server.projectionNames.sorted() == ProjectionCatalog.all.map(\.name).sorted())
    }

    @Test(.timeLimit(.minutes(1)))
    func everyRebuiltProjectionEqualsTheLiveOneByteForByte() async throws {
        try await withDemoServerStores(seededAt: .now()) { client, log, store in
            try await activity(CheckoutDriver(client: client), log, store)
            try await settle(log, store)
            for entry in ProjectionCatalog.all {
                let live = try store.rows(entry.name)
                #expect(!live.isEmpty, "\(entry.name) has views to compare")
                let generation = try store.generation(of: entry.name)
                let position = try await entry.rebuild(log: log, store: store)
                #expect(try store.generation(of: entry.name) == generation + 1)
                #expect(position == (try await log.head()))
                let rebuilt = try store.rows(entry.name)
                #expect(rebuilt.map(\.key) == live.map(\.key), "\(entry.name): the same keys")
                #expect(rebuilt.map(\.value) == live.map(\.value), "\(entry.name): the same bytes")
            }
        }
    }

    /// A rebuild holds views in memory and writes them out when it holds many; here after every view and every
    /// few records, so views are written, forgotten and read back from the table while later records change them.
    @Test(.timeLimit(.minutes(1)))
    func aRebuildThatWritesItsViewsOutAsItGoesEqualsTheLiveOne() async throws {
        try await withDemoServerStores(seededAt: .now()) { client, log, store in
            try await activity(CheckoutDriver(client: client), log, store)
            try await settle(log, store)
            for entry in ProjectionCatalog.all {
                let live = try store.rows(entry.name)
                try await ProjectionCatalog.rebuild([entry], log: log, store: store, pageSize: 7, viewsInMemory: 1)
                let rebuilt = try store.rows(entry.name)
                #expect(rebuilt.map(\.key) == live.map(\.key), "\(entry.name): the same keys")
                #expect(rebuilt.map(\.value) == live.map(\.value), "\(entry.name): the same bytes")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aRebuildUnderConcurrentHoldsLosesNoUpdateAndTheRunnerFollowsTheSwitch() async throws {
        try await withDemoServerStores(seededAt: .now()) { client, log, store in
            let driver = CheckoutDriver(client: client)
            try await activity(driver, log, store)
            let availability = try #require(ProjectionCatalog.named(ShowAvailabilityProjection.name))
            let beforeLoad = try await log.head()
            // Customers keep holding and releasing seats while the rebuild runs and switches, and for 20 rounds after.
            let rebuilt = Mutex(false)
            let load = Task {
                var (held, round, after) = (0, 0, 0)
                while after < 20 {
                    if rebuilt.withLock({ $0 }) { after += 1 }
                    let who = try await customer("rush-\(round % 12)")
                    let seat = "\("CDEFG".map(String.init)[round % 5])\(round % 10 + 1)"
                    let reply = try await driver.post("/api/booking/hold", who, #"{"eventId":"demo-seated","seats":["\#(seat)"]}"#)
                    if reply.status == .ok { held += 1 }
                    if round % 3 == 0, reply.status == .ok {
                        let booking = try decode(HoldReply.self, reply).bookingId
                        _ = try await driver.post("/api/booking/release", who, #"{"eventId":"demo-seated","bookingId":"\#(booking)"}"#)
                    }
                    round += 1
                }
                return held
            }
            while try await log.head().rawValue < beforeLoad.rawValue + 10 { try await Task.sleep(for: .milliseconds(5)) }
            let switchedAt = try await availability.rebuild(log: log, store: store)
            rebuilt.withLock { $0 = true }
            let held = try await load.value
            #expect(held > 0)
            #expect(try store.generation(of: ShowAvailabilityProjection.name) == 1)
            // The live runner went on in the new table: it reaches the head, and its views equal a fresh fold.
            let head = try await log.head()
            // The load ran on both sides of the switch: the rebuild folded some of it, the live runner the rest.
            #expect(switchedAt > beforeLoad && switchedAt < head, "load from \(beforeLoad), switched at \(switchedAt), head \(head)")
            try await settle(log, store)
            let seats = try await driver.get("/api/event/demo-seated/seats?after=\(head.rawValue)", [:])
            #expect(seats.status == .ok)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-fresh-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let fresh = try ProjectionStore(path: directory.path, durable: false)
            try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: fresh).catchUp()
            let live = try store.rows(ShowAvailabilityProjection.name)
            let expected = try fresh.rows(ShowAvailabilityProjection.name)
            #expect(live.map(\.key) == expected.map(\.key))
            #expect(live.map(\.value) == expected.map(\.value), "no update was lost across the switch")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func theToolRebuildsBesideTheServerAndStatusShowsItCurrent() async throws {
        try await withDemoServerStores(seededAt: .now()) { client, log, store in
            try await activity(CheckoutDriver(client: client), log, store)
            try await settle(log, store)
            let dataDir = URL(fileURLWithPath: log.path).deletingLastPathComponent().path
            let rebuild = try await ToolProcess.run(["projections", "rebuild", ShowListingProjection.name, "--data-dir", dataDir])
            #expect(rebuild.status == 0, "\(rebuild.output)\(rebuild.errors)")
            #expect(rebuild.output.contains("switched to generation 1"))
            #expect(rebuild.errors.contains("events/s"), "plain progress lines off a terminal: \(rebuild.errors)")
            // A hold after the switch reaches the new table through the server's own runner.
            let before = try await log.head()
            _ = try await CheckoutDriver(client: client).hold(try await customer("late"), seats: ["J1"])
            try await settle(log, store)
            #expect(try store.checkpoint(of: ShowListingProjection.name)?.position ?? .start > before)
            let listed = try await client.execute(uri: "/api/event?q=Hamlet", method: .get, headers: [:], body: nil) { $0 }
            #expect(listed.status == .ok && String(buffer: listed.body).contains("demo-seated"))
            let status = try await ToolProcess.run(["projections", "status", "--data-dir", dataDir])
            #expect(status.status == 0)
            let line = try #require(status.output.split(separator: "\n").first { $0.hasPrefix(ShowListingProjection.name + " ") })
            #expect(line.contains(" 1 ") && line.hasSuffix("current"), "\(status.output)")
            let unknown = try await ToolProcess.run(["projections", "rebuild", "no-such-view", "--data-dir", dataDir])
            #expect(unknown.status != 0 && unknown.errors.contains("no projection is called no-such-view"))
        }
    }
}
