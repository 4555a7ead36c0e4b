import App
import Domain
import EventStore
import Foundation
import Projections
import Testing

/// Old logs still read: a log written by the version before protobuf payloads (every payload in `CompactCoding`,
/// committed as an export archive with the views that version rebuilt from it) opens, verifies and rebuilds to the
/// same views under this one.
@Suite("A log written in the old format", .serialized)
struct LegacyLogTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let archive = fixtures.appendingPathComponent("legacy-compact.tktlog")
    static let views = fixtures.appendingPathComponent("legacy-compact-views.txt")

    @Test func opensVerifiesAndRebuildsToTheViewsItsOwnVersionRebuilt() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let log = try LMDBEventLog(.init(path: scratch.url.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        let imported = try await log.importArchive(from: Self.archive)
        #expect(imported.records > 50)

        let records = try await log.read(from: GlobalPosition(1), limit: Int(imported.records))
        #expect(records.allSatisfy { $0.payload.first == 0xC7 }, "every payload of the fixture is in the old compact format")

        let verification = try log.verify()
        #expect(verification.problem == nil)
        #expect(verification.records == imported.records)
        let audit = try await DomainAudit.run(log)
        #expect(audit.problem == nil, "\(String(describing: audit.problem))")

        let rebuilt = try await Self.rebuiltViews(of: log, in: scratch.url)
        let expected = try String(contentsOf: Self.views, encoding: .utf8)
        #expect(rebuilt == expected)
    }

    /// Remakes the fixture (only on purpose: `TKTPLZ_WRITE_LEGACY_LOG=1 swift test --filter LegacyLogTests`). It was
    /// made once, by the last version that wrote compact payloads; made again now it would hold today's format.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TKTPLZ_WRITE_LEGACY_LOG"] == "1"))
    func writeTheFixture() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let log = try LMDBEventLog(.init(path: scratch.url.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        try await LegacyLogStory.write(into: log, scratch: scratch.url, now: Instant(millisecondsSince1970: 1_796_000_000_000))
        try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
        _ = try log.exportArchive(to: Self.archive)
        try await Self.rebuiltViews(of: log, in: scratch.url).write(to: Self.views, atomically: true, encoding: .utf8)
    }

    /// Every projection rebuilt from position 0 into a fresh store, each view as sorted JSON under its key.
    static func rebuiltViews(of log: LMDBEventLog, in directory: URL) async throws -> String {
        let store = try ProjectionStore(path: directory.appendingPathComponent("rebuilt-views-\(UUID().uuidString)").path, durable: false)
        try await ProjectionCatalog.rebuild(ProjectionCatalog.all, log: log, store: store)
        precondition(ProjectionCatalog.all.count == 12, "a projection added to the catalog is dumped here too")
        var text = ""
        text += try dump(ShowAvailabilityProjection.self, store)
        text += try dump(ShowListingProjection.self, store)
        text += try dump(BookingSummaryProjection.self, store)
        text += try dump(CustomerBookingsProjection.self, store)
        text += try dump(ShowBookingsProjection.self, store)
        text += try dump(PayoutLedgerProjection.self, store)
        text += try dump(HallsProjection.self, store)
        text += try dump(SupportIssuesProjection.self, store)
        text += try dump(ShowAnalyticsProjection.self, store)
        // Chats came after the fixture's version: its log has none, so this section is empty.
        text += try dump(ShowChatProjection.self, store)
        // Attendees came after the fixture's version too: this section was added from the first rebuild of the
        // fixture by the version that introduced the projection (the sections above are the old version's own).
        text += try dump(ShowAttendeesProjection.self, store)
        // Webhooks came after the fixture's version: its log has none, so this section is empty.
        text += try dump(WebhooksProjection.self, store)
        return text
    }

    private static func dump<P: Projection>(_: P.Type, _ store: ProjectionStore) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = "# \(P.name)\n"
        let keys = try store.keys(P.self).sorted()
        for (key, view) in zip(keys, try store.views(P.self, keys: keys)) {
            text += "\(key) \(String(decoding: try encoder.encode(view), as: UTF8.self))\n"
        }
        return text
    }
}

/// A temporary directory for one test.
struct Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-legacy-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
