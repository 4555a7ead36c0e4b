import EventStore
import Foundation
import Testing

@Suite("EventStore: scheduled events")
struct ScheduleTests {
    let noon = Date(timeIntervalSince1970: 1_800_000_000)

    func expiry(_ id: ScheduleID = ScheduleID(UUID()), due: Date, hold: String = "hold-1") -> ScheduledEvent {
        ScheduledEvent(id: id, due: due, stream: stream(hold), event: event("HoldExpired"))
    }

    @Test func aScheduledEventIsAppendedOnlyOnceItIsDue() async throws {
        try await withTemporaryLog { (log, _) async throws in
            try await log.schedule(expiry(due: noon))
            #expect(try await log.nextDueTime() == noon)
            #expect(try await log.appendDue(asOf: noon.addingTimeInterval(-1), limit: 10).isEmpty)
            #expect(try await log.appendDue(asOf: noon, limit: 10) == [GlobalPosition(1)])
            #expect(try await log.appendDue(asOf: noon.addingTimeInterval(60), limit: 10).isEmpty)
            #expect(try await log.nextDueTime() == nil)
            let records = try await log.read(from: .start, limit: 10)
            #expect(records.map(\.type) == ["HoldExpired"])
            #expect(records.first?.stream == stream("hold-1"))
        }
    }

    @Test func aCancelledEventNeverFires() async throws {
        try await withTemporaryLog { (log, _) async throws in
            let id = ScheduleID(UUID())
            try await log.schedule(expiry(id, due: noon))
            #expect(try await log.cancelSchedule(id))
            #expect(try await !log.cancelSchedule(id))
            #expect(try await log.appendDue(asOf: noon.addingTimeInterval(3600), limit: 10).isEmpty)
            #expect(try await log.head() == GlobalPosition.start)
        }
    }

    @Test func schedulingTheSameIDAgainMovesIt() async throws {
        try await withTemporaryLog { (log, _) async throws in
            let id = ScheduleID(UUID())
            try await log.schedule(expiry(id, due: noon))
            try await log.schedule(expiry(id, due: noon.addingTimeInterval(600)))
            #expect(try await log.appendDue(asOf: noon.addingTimeInterval(1), limit: 10).isEmpty)
            #expect(try await log.nextDueTime() == noon.addingTimeInterval(600))
            #expect(try log.pendingSchedule().count == 1)
        }
    }

    @Test func dueEventsFireInDueOrder() async throws {
        try await withTemporaryLog { (log, _) async throws in
            for (offset, hold) in [(30.0, "hold-c"), (10.0, "hold-a"), (20.0, "hold-b")] {
                try await log.schedule(expiry(due: noon.addingTimeInterval(offset), hold: hold))
            }
            _ = try await log.appendDue(asOf: noon.addingTimeInterval(60), limit: 10)
            let streams = try await log.read(from: .start, limit: 10).map(\.stream.rawValue)
            #expect(streams == ["hold-a", "hold-b", "hold-c"])
        }
    }

    @Test func aScheduledEventDueDuringDowntimeIsAppendedOnceAfterReopening() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        let due = Date().addingTimeInterval(0.2)
        do {
            let log = try store.open()
            try await log.schedule(expiry(due: due))
            log.close()
        }
        try await Task.sleep(for: .milliseconds(300))
        for _ in 0..<2 {
            // Each "restart" runs the scheduler for a while; only the first may fire the event.
            let log = try store.open()
            let scheduler = Task { try await LogScheduler(log: log).run() }
            for try await head in log.heads() where head >= GlobalPosition(1) { break }
            try await Task.sleep(for: .milliseconds(100))
            scheduler.cancel()
            try await scheduler.value
            #expect(try await log.read(from: .start, limit: 10).map(\.type) == ["HoldExpired"])
            log.close()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aRunningSchedulerFiresWhenDueWithoutBeingPoked() async throws {
        try await withTemporaryLog { (log, _) async throws in
            let scheduler = Task { try await LogScheduler(log: log).run() }
            defer { scheduler.cancel() }
            let due = Date().addingTimeInterval(0.15)
            try await log.schedule(expiry(due: due))
            for try await head in log.heads() where head >= GlobalPosition(1) { break }
            // Not early; how late depends on the machine's load, which is a benchmark's business, not a test's.
            let record = try #require(try await log.read(from: .start, limit: 1).first)
            #expect(record.recordedAt >= due.addingTimeInterval(-0.001))
        }
    }
}
