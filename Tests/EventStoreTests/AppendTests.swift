import EventStore
import Foundation
import Testing

@Suite("EventStore: appending")
struct AppendTests {
    @Test(arguments: LogBackend.allCases)
    func appendAssignsGaplessPositionsAndContiguousVersions(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let first = try await log.append([event(), event()], to: stream("show-1"), expecting: .noStream)
            let second = try await log.append([event()], to: stream("show-2"), expecting: .noStream)
            let third = try await log.append([event()], to: stream("show-1"), expecting: .exact(StreamVersion(1)))
            #expect(first.appended == Appended(
                firstPosition: GlobalPosition(1), lastPosition: GlobalPosition(2), streamVersion: StreamVersion(1),
                wasAlreadyAppended: false))
            #expect(second.appended?.firstPosition == GlobalPosition(3))
            #expect(second.appended?.streamVersion == StreamVersion(0))
            #expect(third.appended?.lastPosition == GlobalPosition(4))
            #expect(third.appended?.streamVersion == StreamVersion(2))
            #expect(try await log.head() == GlobalPosition(4))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func recordsKeepEverythingThatWasAppended(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let correlation = CorrelationID(UUID())
            let cause = EventID.random()
            let sent = NewEvent(
                id: EventID.random(), type: "HoldPlaced", payload: Data(#"{"seat":"A1"}"#.utf8),
                correlationID: correlation, causationID: cause)
            let before = Date()
            _ = try await log.append([sent], to: stream("show-9"), expecting: .any)
            let record = try #require(try await log.read(from: .start, limit: 10).first)
            #expect(record.id == sent.id)
            #expect(record.type == "HoldPlaced")
            #expect(record.payload == sent.payload)
            #expect(record.correlationID == correlation)
            #expect(record.causationID == cause)
            #expect(record.stream == stream("show-9"))
            #expect(record.streamVersion == .first)
            #expect(record.hash != ChainHash.genesis)
            #expect(abs(record.recordedAt.timeIntervalSince(before)) < 5)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func reappendingTheSameEventIDsReturnsTheOriginalPositionsAndWritesNothing(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let events = [event(), event()]
            _ = try await log.append([event()], to: stream("show-1"), expecting: .any)
            let original = try #require(try await log.append(events, to: stream("show-1"), expecting: .exact(.first)).appended)
            let retry = try #require(try await log.append(events, to: stream("show-1"), expecting: .exact(.first)).appended)
            #expect(retry.firstPosition == original.firstPosition)
            #expect(retry.lastPosition == original.lastPosition)
            #expect(retry.streamVersion == original.streamVersion)
            #expect(retry.wasAlreadyAppended)
            #expect(try await log.head() == GlobalPosition(3))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func reusingSomeButNotAllEventIDsIsRefused(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let reused = event()
            _ = try await log.append([reused], to: stream("show-1"), expecting: .any)
            let error = await #expect(throws: EventStoreError.self) {
                try await log.append([reused, event()], to: stream("show-1"), expecting: .any)
            }
            #expect(error?.code == .eventIDReused)
            #expect(try await log.head() == GlobalPosition(1))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func anEventIDUsedInAnotherStreamIsRefused(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let reused = event()
            _ = try await log.append([reused], to: stream("show-1"), expecting: .any)
            let error = await #expect(throws: EventStoreError.self) {
                try await log.append([reused], to: stream("show-2"), expecting: .any)
            }
            #expect(error?.code == .eventIDReused)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func emptyAppendsAndRepeatedIDsAreRefusedBeforeWriting(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let emptyError = await #expect(throws: EventStoreError.self) {
                try await log.append([], to: stream("show-1"), expecting: .any)
            }
            #expect(emptyError?.code == .invalidArgument)
            let twice = event()
            let twiceError = await #expect(throws: EventStoreError.self) {
                try await log.append([twice, twice], to: stream("show-1"), expecting: .any)
            }
            #expect(twiceError?.code == .eventIDReused)
            #expect(try await log.head() == GlobalPosition.start)
        }
    }

    @Test(arguments: ["", "show", "-1", "show-", "sh ow-1", "show-a\tb", String(repeating: "x", count: 199) + "-12"])
    func invalidStreamNamesAreRefused(name: String) {
        #expect(throws: EventStoreError.self) { try StreamName(name) }
    }

    @Test func streamNamesSplitIntoCategoryAndID() throws {
        let name = try StreamName(category: "show", id: "7f-2a")
        #expect(name.rawValue == "show-7f-2a")
        #expect(name.category == "show")
        #expect(name.id == "7f-2a")
        #expect(name.isIn(category: "show"))
        #expect(!name.isIn(category: "sho"))
        #expect(!name.isIn(category: "show-7f"))
        #expect(!name.isIn(category: "shows"))
        #expect(!name.isIn(category: ""))
        // The parts are cut at a byte offset: an id of several-byte characters comes back whole.
        let unicode = try StreamName(category: "customer", id: "naïve-🎭-café")
        #expect(unicode.category == "customer")
        #expect(unicode.id == "naïve-🎭-café")
        #expect(unicode.isIn(category: "customer"))
        #expect(!unicode.isIn(category: "naïve"))
    }

    @Test(arguments: LogBackend.allCases)
    func theLogPersistsAcrossReopening(backend: LogBackend) async throws {
        try await withLog(backend) { log, opened in
            _ = try await log.append([event(), event()], to: stream("show-1"), expecting: .noStream)
            let reopened = try await opened.reopen()
            #expect(try await reopened.head() == GlobalPosition(2))
            let next = try await reopened.append([event()], to: stream("show-1"), expecting: .exact(StreamVersion(1)))
            #expect(next.appended?.firstPosition == GlobalPosition(3))
        }
    }

    @Test func theMapGrowsOnItsOwnBeforeItIsFull() async throws {
        // A 64 KiB map holds a handful of pages; 2 MB of payload forces several doublings.
        try await withTemporaryLog(initialMapSize: 64 << 10) { log, _ in
            let payload = String(repeating: "x", count: 2000)
            for batch in 0..<100 {
                let events = (0..<10).map { _ in event("Filler", payload) }
                _ = try await log.append(events, to: stream("fill-\(batch)"), expecting: .noStream)
            }
            #expect(try await log.head() == GlobalPosition(1000))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func appendsAfterCloseFailWithClosed(backend: LogBackend) async throws {
        try await withLog(backend) { log, opened in
            opened.close()
            let error = await #expect(throws: EventStoreError.self) {
                try await log.append([event()], to: stream("show-1"), expecting: .any)
            }
            #expect(error?.code == .closed)
        }
    }
}

@Suite("EventStore: recognising retries")
struct RetryWindowTests {
    @Test(arguments: LogBackend.allCases)
    func aRetryAfterReopeningTheLogIsStillRecognised(backend: LogBackend) async throws {
        let events = [event(), event()]
        try await withLog(backend) { log, opened in
            _ = try await log.append(events, to: stream("show-1"), expecting: .noStream)
            _ = try await log.append([event()], to: stream("show-2"), expecting: .noStream)
            let reopened = try await opened.reopen()
            let retry = try #require(try await reopened.append(events, to: stream("show-1"), expecting: .noStream).appended)
            #expect(retry.wasAlreadyAppended)
            #expect(retry.firstPosition == GlobalPosition(1))
            #expect(try await reopened.head() == GlobalPosition(3))
        }
    }

    @Test func onlyTheMostRecentIDsWithinTheWindowAreRemembered() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        let log = try LMDBEventLog(.init(path: store.logPath, durable: false, retryWindow: 2))
        defer { log.close() }
        let old = event()
        _ = try await log.append([old], to: stream("show-1"), expecting: .any)
        _ = try await log.append([event(), event()], to: stream("show-1"), expecting: .any)
        // The old id fell out of the two-id window: an `.exact` retry of it now conflicts instead of matching.
        let retry = try await log.append([old], to: stream("show-1"), expecting: .noStream)
        #expect(retry == .conflict(VersionConflict(stream: stream("show-1"), expected: .noStream, actual: StreamVersion(2))))
    }
}
