import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import TestSupport
import Testing

/// `tktplz log verify`'s domain half, on logs that are sound as records (hash chain, positions, versions) but tell
/// an impossible story.
@Suite("Tools: log verify replays the domain")
struct LogAuditToolTests {
    /// A demo log in a fresh data directory, closed again so the tool can open it.
    private func demoLog(_ extra: (LMDBEventLog) async throws -> Void = { _ in }) async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-audit-\(UUID().uuidString)")
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
        // Sealed under keys beside the log, where the tools find them.
        try await withPersonalKeys(beside: directory) {
            _ = try await DemoData.seedIfEmpty(log: log, now: .now())
            try await extra(log)
        }
        log.close()
        return directory
    }

    private func append<C: ProtobufEvents>(_: C.Type, _ event: C.Event, to id: String, _ log: LMDBEventLog) async throws {
        _ = try await log.append(try EventEncoding.newEvents(C.self, [event]), to: try StreamName(category: C.category, id: id), expecting: .any)
    }

    @Test func aSoundLogReplaysCleanly() async throws {
        let directory = try await demoLog()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await ToolProcess.run(["log", "verify", "--data-dir", directory.path])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output.contains("shows and bookings replay with no impossible transition"))
        #expect(run.errors.contains("records/s"))
    }

    @Test func dumpShowsCompactPayloadsAsTheDomainsJSON() async throws {
        var position = GlobalPosition.start
        let directory = try await demoLog { log in
            let sold = Show.Event.itemsSold(ItemsSold(booking: BookingID("b-9"), customer: CustomerID("c-9"), items: .seats([SeatID("J9")]), late: true))
            try await append(Show.self, sold, to: "demo-seated", log)
            position = try await log.head()
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let human = try await ToolProcess.run(["log", "dump", "--data-dir", directory.path, "--from", String(position.rawValue)])
        #expect(human.status == 0, "\(human.errors)")
        #expect(human.output.contains(#"ItemsSold"#) && human.output.contains(#""late":true"#) && human.output.contains(#""seats":["J9"]"#), "\(human.output)")
        let json = try await ToolProcess.run(["log", "dump", "--data-dir", directory.path, "--from", String(position.rawValue), "--json"])
        #expect(json.status == 0, "\(json.errors)")
        #expect(json.output.contains(#""payload":{"#) && !json.output.contains("payloadBase64"), "\(json.output)")
    }

    @Test func aSeatSoldTwiceFailsAtTheSecondSaleThoughTheChainHolds() async throws {
        var secondSale = GlobalPosition.start
        let directory = try await demoLog { log in
            let sold = { (booking: String, customer: String) in
                Show.Event.itemsSold(ItemsSold(booking: BookingID(booking), customer: CustomerID(customer), items: .seats([SeatID("A1")]), late: false))
            }
            try await append(Show.self, sold("b-1", "c-1"), to: "demo-seated", log)
            try await append(Show.self, sold("b-2", "c-2"), to: "demo-seated", log)
            secondSale = try await log.head()
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await ToolProcess.run(["log", "verify", "--data-dir", directory.path])
        #expect(run.status == 1)
        #expect(run.output.contains("hash chain intact"), "the records themselves are sound: \(run.output)")
        #expect(run.output.contains("FAILED at position \(secondSale.rawValue) (show-demo-seated): ItemsSold cannot happen here: seat A1 was already taken by booking b-1"),
                "\(run.output)")
    }

    @Test func anUndecodablePayloadAndAnUnknownCategoryAreNamed() async throws {
        var position = GlobalPosition.start
        let directory = try await demoLog { log in
            _ = try await log.append([NewEvent(id: .random(), type: "ShowApproved", payload: Data(#"{"admin":42}"#.utf8))],
                                     to: try StreamName(category: "show", id: "demo-open"), expecting: .any)
            position = try await log.head()
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await DomainAudit.run(try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true)))
        #expect(report.problem?.position == position)
        #expect(report.problem?.reason.hasPrefix("the payload of ShowApproved does not decode") == true, "\(String(describing: report.problem))")

        let unknown = try await demoLog { log in
            _ = try await log.append([NewEvent(id: .random(), type: "Whatever", payload: Data("{}".utf8))],
                                     to: try StreamName(category: "mystery", id: "1"), expecting: .any)
        }
        defer { try? FileManager.default.removeItem(at: unknown) }
        let run = try await ToolProcess.run(["log", "verify", "--data-dir", unknown.path])
        #expect(run.status == 1 && run.output.contains("no domain type has the stream category mystery"), "\(run.output)")
    }
}
