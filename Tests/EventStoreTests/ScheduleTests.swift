import EventStore
import Foundation
import Testing

@Suite("EventStore: scheduled events")
struct ScheduleTests {
    let noon = Date(timeIntervalSince1970: 1_800_000_000)

    func expiry(_ id: ScheduleID = ScheduleID(UUID()), due: Date, hold: String = "hold-1") -> ScheduledEvent {
        ScheduledEvent(id: id, due: due, stream: stream(hold), event: event("HoldExpired"))
    }

    @Test(arguments: LogBackend.allCases)
    func aScheduledEventIsAppendedOnlyOnceItIsDue(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
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

    @Test(arguments: LogBackend.allCases)
    func aCancelledEventNeverFires(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let id = ScheduleID(UUID())
            try await log.schedule(expiry(id, due: noon))
            #expect(try await log.cancelSchedule(id))
            #expect(try await !log.cancelSchedule(id))
            #expect(try await log.appendDue(asOf: noon.addingTimeInterval(3600), limit: 10).isEmpty)
            #expect(try await log.head() == GlobalPosition.start)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func schedulingTheSameIDAgainMovesIt(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let id = ScheduleID(UUID())
            try await log.schedule(expiry(id, due: noon))
            try await log.schedule(expiry(id, due: noon.addingTimeInterval(600)))
            #expect(try await log.appendDue(asOf: noon.addingTimeInterval(1), limit: 10).isEmpty)
            #expect(try await log.nextDueTime() == noon.addingTimeInterval(600))
            #expect(try await opened.pendingSchedule().count == 1)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func dueEventsFireInDueOrder(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            for (offset, hold) in [(30.0, "hold-c"), (10.0, "hold-a"), (20.0, "hold-b")] {
                try await log.schedule(expiry(due: noon.addingTimeInterval(offset), hold: hold))
            }
            _ = try await log.appendDue(asOf: noon.addingTimeInterval(60), limit: 10)
            let streams = try await log.read(from: .start, limit: 10).map(\.stream.rawValue)
            #expect(streams == ["hold-a", "hold-b", "hold-c"])
        }
    }

    @Test(arguments: LogBackend.allCases)
    func aScheduledEventDueDuringDowntimeIsAppendedOnceAfterReopening(backend: LogBackend) async throws {
        let due = Date().addingTimeInterval(0.2)
        try await withLog(backend) { log, opened in
            try await log.schedule(expiry(due: due))
            opened.close()
            try await Task.sleep(for: .milliseconds(300))
            for _ in 0..<2 {
                // Each "restart" runs the scheduler for a while; only the first may fire the event.
                let log = try await opened.reopen()
                let scheduler = Task { try await LogScheduler(log: log).run() }
                for try await head in log.heads() where head >= GlobalPosition(1) { break }
                try await Task.sleep(for: .milliseconds(100))
                scheduler.cancel()
                try await scheduler.value
                #expect(try await log.read(from: .start, limit: 10).map(\.type) == ["HoldExpired"])
            }
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: LogBackend.allCases)
    func aRunningSchedulerFiresWhenDueWithoutBeingPoked(backend: LogBackend) async throws {
        try await withLog(backend) { (log, _) async throws in
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
