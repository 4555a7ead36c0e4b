import EventStore
import Foundation
import Testing
import TestSupport

/// The in-memory log keeps the parts of the `EventLog` contract the application relies on; the application tests
/// over it mean something only if it does.
@Suite("TestSupport: the in-memory EventLog keeps the contract")
struct InMemoryEventLogTests {
    let log = InMemoryEventLog()
    let show = try! StreamName("show-1")
    let booking = try! StreamName("booking-1")

    func event(_ type: String = "Happened") -> NewEvent { NewEvent(id: .random(), type: type, payload: Data("{}".utf8)) }

    @Test func positionsAreGaplessVersionsAreCheckedAndARetryGetsItsOriginalPositions() async throws {
        let first = [event(), event()]
        let appended = try #require(try await log.append(first, to: show, expecting: .noStream).appended)
        #expect(appended.firstPosition == GlobalPosition(1) && appended.lastPosition == GlobalPosition(2))
        #expect(appended.streamVersion == StreamVersion(1))
        guard case .conflict(let conflict) = try await log.append([event()], to: show, expecting: .noStream) else {
            Issue.record("a stale expected version was taken"); return
        }
        #expect(conflict.actual == StreamVersion(1))
        let again = try #require(try await log.append(first, to: show, expecting: .noStream).appended)
        #expect(again.firstPosition == GlobalPosition(1) && again.wasAlreadyAppended)
        #expect(try await log.head() == GlobalPosition(2))
    }

    @Test func aTransactionIsAllOrNothing() async throws {
        _ = try await log.append([event()], to: booking, expecting: .noStream)
        let refused = try await log.append(LogTransaction(appends: [
            StreamAppend([event()], to: show, expecting: .noStream), StreamAppend([event()], to: booking, expecting: .noStream),
        ]))
        guard case .conflict = refused else { Issue.record("a transaction with a stale version committed"); return }
        #expect(try await log.version(of: show) == nil, "nothing of the refused transaction was written")
        #expect(try await log.head() == GlobalPosition(1))
    }

    @Test func aScheduledEventFiresOnceWhenDue() async throws {
        let due = Date(timeIntervalSince1970: 1_900_000_000)
        let timer = ScheduledEvent(id: ScheduleID(UUID()), due: due, stream: try StreamName("timer-1"), event: event("Due"))
        try await log.schedule(timer)
        #expect(try await log.appendDue(asOf: due.addingTimeInterval(-1), limit: 10).isEmpty)
        #expect(try await log.appendDue(asOf: due, limit: 10).count == 1)
        #expect(try await log.appendDue(asOf: due.addingTimeInterval(60), limit: 10).isEmpty, "fired once")
        #expect(try await log.nextDueTime() == nil)
        // The same event scheduled again after it fired appends nothing: its id is in the log.
        try await log.schedule(timer)
        #expect(try await log.appendDue(asOf: due, limit: 10).isEmpty)
    }

    @Test func aSubscriberSeesEveryRecordOnceInOrder() async throws {
        let subscription = log.subscribe(after: .start, pageSize: 2)
        for index in 0..<5 { _ = try await log.append([event("E\(index)")], to: show, expecting: .any) }
        var seen: [String] = []
        for try await page in subscription {
            seen += page.map(\.type)
            if seen.count >= 5 { break }
        }
        #expect(seen == ["E0", "E1", "E2", "E3", "E4"])
    }
}
