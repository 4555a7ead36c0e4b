import EventStore
import Foundation
import Testing

@Suite("EventStore: appends to several streams, and schedules, in one commit")
struct TransactionTests {
    let noon = Date(timeIntervalSince1970: 1_800_000_000)

    func expiry(_ hold: String) -> ScheduledEvent {
        ScheduledEvent(id: ScheduleID(UUID()), due: noon, stream: stream(hold), event: event("HoldExpired"))
    }

    /// A show that already holds one event, and a hold that touches it, a new booking and a timer.
    func holdTransaction(showAt version: StreamVersion?) -> LogTransaction {
        LogTransaction(
            appends: [
                StreamAppend([event("ItemsHeld")], to: stream("show-1"), expecting: version.map(ExpectedVersion.exact) ?? .noStream),
                StreamAppend([event("BookingStarted"), event("PriceQuoted")], to: stream("booking-1"), expecting: .noStream),
            ],
            schedules: [expiry("show-1")])
    }

    @Test(arguments: LogBackend.allCases)
    func everyAppendAndScheduleIsWrittenInOrderWithContiguousPositions(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            _ = try await log.append(event("ShowPublished"), to: stream("show-1"), expecting: .noStream)
            let result = try await log.append(holdTransaction(showAt: StreamVersion(0)))
            guard case .appended(let appended) = result else { Issue.record("expected appended, got \(result)"); return }
            #expect(appended.map(\.firstPosition) == [GlobalPosition(2), GlobalPosition(3)])
            #expect(appended.map(\.lastPosition) == [GlobalPosition(2), GlobalPosition(4)])
            #expect(appended.map(\.streamVersion) == [StreamVersion(1), StreamVersion(1)])
            #expect(result.lastPosition == GlobalPosition(4))
            let records = try await log.read(from: .start, limit: 10)
            #expect(records.map(\.type) == ["ShowPublished", "ItemsHeld", "BookingStarted", "PriceQuoted"])
            #expect(try await opened.pendingSchedule().map(\.stream) == [stream("show-1")])
            #expect(try await log.appendDue(asOf: noon, limit: 10) == [GlobalPosition(5)])
        }
    }

    @Test(arguments: LogBackend.allCases)
    func oneStaleExpectationWritesNothingAtAllAndNamesThatStream(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            _ = try await log.append(event("ShowPublished"), to: stream("show-1"), expecting: .noStream)
            // The show moved on (version 0), but the transaction expects it not to exist.
            let result = try await log.append(holdTransaction(showAt: nil))
            #expect(result == .conflict(VersionConflict(stream: stream("show-1"), expected: .noStream, actual: StreamVersion(0))))
            #expect(try await log.head() == GlobalPosition(1))
            #expect(try await log.version(of: stream("booking-1")) == nil)
            #expect(try await opened.pendingSchedule().isEmpty)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func aConflictOnTheLastStreamAlsoLeavesTheFirstUntouched(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            _ = try await log.append(event("BookingStarted"), to: stream("booking-1"), expecting: .noStream)
            let result = try await log.append(holdTransaction(showAt: nil))
            #expect(result == .conflict(VersionConflict(stream: stream("booking-1"), expected: .noStream, actual: StreamVersion(0))))
            #expect(try await log.version(of: stream("show-1")) == nil)
            #expect(try await log.head() == GlobalPosition(1))
            #expect(try await opened.pendingSchedule().isEmpty)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func aRetryReturnsTheOriginalPositionsAndSchedulesNothingAgain(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let transaction = holdTransaction(showAt: nil)
            let first = try await log.append(transaction)
            // The timer fired meanwhile; a retried transaction must not bring it back.
            #expect(try await log.appendDue(asOf: noon, limit: 10).count == 1)
            let again = try await log.append(transaction)
            guard case .appended(let original) = first, case .appended(let retried) = again else {
                Issue.record("expected two appended results, got \(first) and \(again)"); return
            }
            #expect(retried.map(\.lastPosition) == original.map(\.lastPosition))
            #expect(retried.allSatisfy { $0.wasAlreadyAppended })
            #expect(try await log.head() == GlobalPosition(4))
            #expect(try await opened.pendingSchedule().isEmpty)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func aTransactionThatResendsOnlyPartOfAnEarlierOneIsRefused(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let transaction = holdTransaction(showAt: nil)
            _ = try await log.append(transaction)
            var mixed = transaction
            mixed.appends[1] = StreamAppend([event("BookingStarted")], to: stream("booking-2"), expecting: .noStream)
            await #expect(throws: EventStoreError.self) { _ = try await log.append(mixed) }
            #expect(try await log.head() == GlobalPosition(3))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func malformedTransactionsAreRefusedBeforeReachingTheLog(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            await #expect(throws: EventStoreError.self) { _ = try await log.append(LogTransaction(appends: [], schedules: [expiry("show-1")])) }
            let twice = LogTransaction(appends: [
                StreamAppend([event()], to: stream("show-1"), expecting: .any),
                StreamAppend([event()], to: stream("show-1"), expecting: .any),
            ])
            await #expect(throws: EventStoreError.self) { _ = try await log.append(twice) }
            let shared = event()
            let reused = LogTransaction(appends: [
                StreamAppend([shared], to: stream("show-1"), expecting: .any),
                StreamAppend([shared], to: stream("show-2"), expecting: .any),
            ])
            await #expect(throws: EventStoreError.self) { _ = try await log.append(reused) }
            #expect(try await log.head() == GlobalPosition.start)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func concurrentTransactionsOnOneStreamEachWinOneVersionAndTheLogVerifies(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let results = try await withThrowingTaskGroup(of: TransactionResult.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await log.append(LogTransaction(appends: [
                            StreamAppend([event("ItemsHeld")], to: stream("show-1"), expecting: .noStream),
                            StreamAppend([event("BookingStarted")], to: stream("booking-\(index)"), expecting: .noStream),
                        ]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { if case .appended = $0 { true } else { false } }.count == 1)
            #expect(try await log.head() == GlobalPosition(2))
            #expect(try await opened.verify().problem == nil)
        }
    }
}
