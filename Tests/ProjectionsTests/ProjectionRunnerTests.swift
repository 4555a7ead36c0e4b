import Domain
import DomainEvents
import EventStore
import Foundation
import Projections
import Testing

/// A log and a projection store in one temporary directory.
struct Stores {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-projections-\(UUID().uuidString)")
    var logPath: String { directory.appendingPathComponent("events").path }
    func store(_ name: String = "projections") throws -> ProjectionStore {
        try ProjectionStore(path: directory.appendingPathComponent(name).path, durable: false)
    }
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

func append(_ events: [Show.Event], show: String, to log: LMDBEventLog) async throws {
    let stream = try Show.stream(ShowID(show))
    _ = try await log.append(EventEncoding.newEvents(Show.self, events), to: stream, expecting: .any)
}

@Suite("Projections: the runner")
struct ProjectionRunnerTests {
    @Test func catchingUpAppliesTheWholeLogAndStoresTheCheckpoint() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        try await append(Fixture.onSale(Fixture.seated) + [Fixture.held("b1", .seats([SeatID("A1")]))], show: "s1", to: log)
        try await append(Fixture.onSale(Fixture.open), show: "s2", to: log)
        let store = try stores.store()
        let runner = try ProjectionRunner(ShowAvailabilityProjection(), log: log, store: store, batchSize: 3)
        try await runner.catchUp()
        #expect(try store.checkpoint(of: ShowAvailabilityProjection.name) == Checkpoint(version: ShowAvailabilityProjection.version, position: try await log.head()))
        // One summary row per show, plus a row per marked seat and per active booking.
        #expect(try store.keys(ShowAvailabilityProjection.self).filter { !$0.contains("\u{1}") } == ["s1", "s2"])
        #expect(try store.keys(ShowAvailabilityProjection.self).count == 4)
        #expect(try ShowAvailabilityProjection.read(show: "s1", from: store)?.seats[SeatID("A1")] == .held(until: noon.adding(.minutes(10))))
    }

    @Test func resumingFromTheCheckpointEqualsARebuildByteForByte() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        try await append(Fixture.onSale(Fixture.open), show: "s1", to: log)
        let incremental = try stores.store("incremental")
        try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: incremental, batchSize: 2).catchUp()
        for index in 0..<5 {
            try await append([Fixture.held("b\(index)", .tickets([CategoryID("gold"): 1]))], show: "s1", to: log)
            // A new runner each time: it must pick up exactly where the last one's checkpoint says.
            try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: incremental, batchSize: 2).catchUp()
        }
        let rebuilt = try stores.store("rebuilt")
        try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: rebuilt, batchSize: 1000).catchUp()
        let a = try incremental.views(ShowAvailabilityProjection.self, prefix: "")
        let b = try rebuilt.views(ShowAvailabilityProjection.self, prefix: "")
        #expect(a.map(\.key) == b.map(\.key))
        #expect(a.map(\.view) == b.map(\.view))
        #expect(try ShowAvailabilityProjection.read(show: "s1", from: incremental)?.categories[CategoryID("gold")]?.held == 5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a.map(\.view)) == encoder.encode(b.map(\.view)))
    }

    @Test func aLiveRunnerFollowsNewCommitsAndReadersCanWaitForAPosition() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        let store = try stores.store()
        let runner = try ProjectionRunner(ShowAvailabilityProjection(), log: log, store: store)
        let live = Task { try await runner.run() }
        defer { live.cancel() }
        try await append(Fixture.onSale(Fixture.seated), show: "s1", to: log)
        let stream = try Show.stream(ShowID("s1"))
        let held = try await log.append(EventEncoding.newEvents(Show.self, [Fixture.held("b1", .seats([SeatID("A2")]))]), to: stream, expecting: .any)
        await runner.wait(until: try #require(held.appended).lastPosition)
        #expect(try ShowAvailabilityProjection.read(show: "s1", from: store)?.seats[SeatID("A2")]?.status == .held)
    }

    @Test func aCheckpointOfAnotherVersionRebuildsFromTheStart() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        try await append(Fixture.onSale(Fixture.open), show: "s1", to: log)
        let store = try stores.store()
        try await ProjectionRunner(StaleAvailability(), log: log, store: store).catchUp()
        #expect(try ShowAvailabilityProjection.read(show: "s1", from: store)?.status == .submitted)
        try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: store).catchUp()
        #expect(try ShowAvailabilityProjection.read(show: "s1", from: store)?.status == .approved)
        #expect(try store.checkpoint(of: ShowAvailabilityProjection.name)?.version == ShowAvailabilityProjection.version)
    }
}

/// The same view name at an older version, whose fold stopped at submission: its views must not survive a bump.
private struct StaleAvailability: Projection {
    static let name = ShowAvailabilityProjection.name
    static let version = 0
    func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<ShowAvailabilityProjection.View>) throws {
        if case .show(.approved)? = event { return }
        try ShowAvailabilityProjection().fold(record, event, into: views)
    }
}

@Suite("Projections: bounded waits")
struct ProjectionWaitTests {
    @Test func waitingForAPositionTheRunnerNeverReachesGivesUpAfterTheLimit() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        let runner = try ProjectionRunner(ShowAvailabilityProjection(), log: log, store: try stores.store())
        // Nothing runs the projection, so position 5 is never reached.
        #expect(await runner.wait(until: GlobalPosition(5), atMost: .milliseconds(50)) == false)
        #expect(await runner.wait(until: .start, atMost: .milliseconds(50)) == true)
    }
}

@Suite("Projections: the store's map")
struct ProjectionMapTests {
    @Test func viewsLargerThanTheMapGrowItInsteadOfFailing() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        var seated = Fixture.seated
        seated.inventory = .seated(SeatedInventory(seats: Dictionary(uniqueKeysWithValues: (0..<3000).map { (SeatID("S\($0)"), "regular") }),
                                                   pricing: .flat(.major(100))))
        try await append(Fixture.onSale(seated) + (0..<3000).map { Fixture.held("b\($0)", .seats([SeatID("S\($0)")])) }, show: "s1", to: log)
        let small = try ProjectionStore(path: stores.directory.appendingPathComponent("small").path, durable: false, mapSize: 128 << 10)
        try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: small).catchUp()
        #expect(try small.checkpoint(of: ShowAvailabilityProjection.name)?.position == (try await log.head()))
        #expect(try small.keys(ShowAvailabilityProjection.self).count > 3000)
    }
}

@Suite("Projections: a runner behind its views")
struct StaleRunnerTests {
    /// A runner whose idea of its position is older than the stored checkpoint (another runner, or a rebuild's
    /// switch, moved the views on) must not apply those records a second time.
    @Test func aStaleRunnerReloadsInsteadOfApplyingRecordsTwice() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        let store = try stores.store()
        // Analytics count holds as they come (not idempotent), so a page applied twice would count twice.
        let ahead = try ProjectionRunner(ShowAnalyticsProjection(), log: log, store: store)
        let behind = try ProjectionRunner(ShowAnalyticsProjection(), log: log, store: store)
        let terms = BookingTerms(
            show: ShowID("s1"), customer: CustomerID("c1"), items: .tickets([CategoryID("gold"): 1]),
            price: PriceBreakdown(lines: [], base: .major(100), fees: .major(10), tax: .zero(), total: .major(110)),
            expiresAt: noon.adding(.minutes(10)), refundPolicy: .standard, schedule: Fixture.open.schedule)
        for index in 0..<4 {
            _ = try await log.append(EventEncoding.newEvents(Booking.self, [.started(BookingStarted(terms: terms))]),
                                     to: try Booking.stream(BookingID("b\(index)")), expecting: .noStream)
        }
        try await ahead.catchUp()
        try await behind.catchUp()
        #expect(behind.position == (try await log.head()))
        #expect(try ShowAnalyticsProjection.analytics(of: ShowID("s1"), from: store).holds.started == 4)
    }
}
