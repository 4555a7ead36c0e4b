import EventStore
import Foundation
import Testing

@Suite("EventStore: expected versions")
struct ExpectedVersionTests {
    @Test(arguments: LogBackend.allCases)
    func noStreamFailsOnceTheStreamExists(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            _ = try await log.append([event()], to: stream("show-1"), expecting: .noStream)
            let result = try await log.append([event()], to: stream("show-1"), expecting: .noStream)
            #expect(result == .conflict(VersionConflict(stream: stream("show-1"), expected: .noStream, actual: .first)))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func appendRejectsWrongExpectedVersionNamingStreamAndBothVersions(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            _ = try await log.append([event(), event(), event()], to: stream("show-1"), expecting: .noStream)
            let result = try await log.append([event()], to: stream("show-1"), expecting: .exact(StreamVersion(0)))
            guard case .conflict(let conflict) = result else {
                Issue.record("expected a conflict, got \(result)")
                return
            }
            #expect(conflict.actual == StreamVersion(2))
            #expect(conflict.description == "stream show-1 expected version 0 but is at version 2")
            #expect(try await log.head() == GlobalPosition(3))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func exactOnAMissingStreamConflictsWithNoStream(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let result = try await log.append([event()], to: stream("show-1"), expecting: .exact(.first))
            #expect(result == .conflict(VersionConflict(stream: stream("show-1"), expected: .exact(.first), actual: nil)))
        }
    }

    /// An expectation that names an event holds only while that event is the stream's last: at the right version
    /// but after another event it conflicts, so a decision taken on an append in flight cannot land on another
    /// writer's event that took the same version. Checked within one commit, across commits, and after a reopen
    /// (the event then read from the log, not remembered).
    @Test(arguments: LogBackend.allCases)
    func anExpectationNamingAnEventHoldsOnlyWhileThatEventIsTheStreamsLast(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let show = stream("show-1")
            let (first, second) = (event(), event())
            _ = try await log.append([first, second], to: show, expecting: .noStream)
            let third = event()
            let followed = try await log.append([third], to: show, expecting: .exactEvent(StreamVersion(1), second.id))
            #expect(followed.appended?.streamVersion == StreamVersion(2))

            let wrongEvent = try await log.append([event()], to: show, expecting: .exactEvent(StreamVersion(2), second.id))
            #expect(wrongEvent == .conflict(VersionConflict(stream: show, expected: .exactEvent(StreamVersion(2), second.id), actual: StreamVersion(2))))
            if case .conflict(let conflict) = wrongEvent {
                #expect(conflict.description == "stream show-1 expected version 2 (event \(second.id)) but is at version 2")
            }
            let wrongVersion = try await log.append([event()], to: show, expecting: .exactEvent(StreamVersion(1), second.id))
            #expect(wrongVersion == .conflict(VersionConflict(stream: show, expected: .exactEvent(StreamVersion(1), second.id), actual: StreamVersion(2))))

            // Submitted together (most likely one commit): the second follows the first's event, and lands only
            // after it.
            let (fourth, fifth) = (event(), event())
            async let firstOfTwo = log.append([fourth], to: show, expecting: .exactEvent(StreamVersion(2), third.id))
            async let secondOfTwo = log.append([fifth], to: show, expecting: .exactEvent(StreamVersion(3), fourth.id))
            let (one, two) = try await (firstOfTwo, secondOfTwo)
            #expect(one.appended?.streamVersion == StreamVersion(3))
            if let appended = two.appended {
                #expect(appended.streamVersion == StreamVersion(4))
            } else {
                // Taken before the first: sent again, it follows it now.
                let again = try await log.append([fifth], to: show, expecting: .exactEvent(StreamVersion(3), fourth.id))
                #expect(again.appended?.streamVersion == StreamVersion(4))
            }

            let reopened = try await opened.reopen()
            let afterReopen = try await reopened.append([event()], to: show, expecting: .exactEvent(StreamVersion(4), fifth.id))
            #expect(afterReopen.appended?.streamVersion == StreamVersion(5))
            let staleAfterReopen = try await reopened.append([event()], to: show, expecting: .exactEvent(StreamVersion(5), fifth.id))
            #expect(staleAfterReopen.appended == nil)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func hundredConcurrentWritersOnOneStreamWinEachVersionOnce(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let target = stream("show-hot")
            let tally = Tally()
            // Each task keeps trying the next version it believes in until it has won 3 times.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        var won = 0
                        var expected: ExpectedVersion = .noStream
                        while won < 3 {
                            switch try await log.append([event()], to: target, expecting: expected) {
                            case .appended(let appended):
                                await tally.won(appended.streamVersion)
                                won += 1
                                expected = .exact(appended.streamVersion)
                            case .conflict(let conflict):
                                await tally.conflicted()
                                expected = conflict.actual.map(ExpectedVersion.exact) ?? .noStream
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let byVersion = await tally.wins
            #expect(byVersion.count == 300)
            #expect(byVersion.values.allSatisfy { $0 == 1 })
            #expect(Set(byVersion.keys) == Set((0..<300).map { StreamVersion(UInt64($0)) }))
            #expect(await tally.conflicts > 0)
            let records = try await log.read(from: .start, limit: 1000)
            #expect(records.map(\.position.rawValue) == Array(1...300))
            #expect(records.map(\.streamVersion.rawValue) == Array(0..<300))
        }
    }
}

/// Counts wins per version and conflicts across concurrent writers.
private actor Tally {
    var wins: [StreamVersion: Int] = [:]
    var conflicts = 0
    func won(_ version: StreamVersion) { wins[version, default: 0] += 1 }
    func conflicted() { conflicts += 1 }
}
