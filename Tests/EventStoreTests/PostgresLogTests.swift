import EventStore
import Foundation
import Logging
import PostgresLog
import PostgresNIO
import Testing

/// What only the PostgreSQL log has to show: the LMDB log's very bytes, a verify that finds tampering in the
/// table, and several nodes over one log.
@Suite("EventStore: the log on PostgreSQL")
struct PostgresLogTests {
    /// The same appends at the same clock give byte-identical records and the same chain on both backends, so an
    /// export or a verify means the same on either.
    @Test func theSameAppendsGiveTheSameRecordsAndHashesOnBothBackends() async throws {
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_800_000_000.25) }
        let appends = (0..<12).map { index in
            (stream("show-\(index % 3)"), NewEvent(id: EventID.random(), type: "E\(index)", payload: Data("payload \(index)".utf8),
                                                   correlationID: index % 2 == 0 ? CorrelationID(UUID()) : nil))
        }
        var logs: [[RecordedEvent]] = []
        for backend in LogBackend.allCases {
            logs.append(try await withLog(backend, now: clock) { log, _ in
                for (name, event) in appends { _ = try await log.append([event], to: name, expecting: .any) }
                return try await log.read(from: .start, limit: 100)
            })
        }
        #expect(logs[0].count == 12)
        #expect(logs[0] == logs[1])
        #expect(logs[0].last?.hash == logs[1].last?.hash)
    }

    @Test func verifyFindsAChangedRecordAndAMissingOne() async throws {
        try await withLog(.postgres) { log, opened in
            for index in 0..<10 { _ = try await log.append([event("E\(index)")], to: stream("show-\(index % 3)"), expecting: .any) }
            #expect(try await opened.verify() == LogVerification(records: 10, streams: 3, problem: nil))
            let schema = opened.name
            try await Self.sql("UPDATE \(schema).records SET record = overlay(record PLACING '\\x58'::bytea FROM length(record) - 40) WHERE position = 6")
            let changed = try await opened.verify()
            #expect(changed.problem?.position == GlobalPosition(6))
            #expect(changed.problem?.reason.contains("hash chain") == true)
            try await Self.sql("DELETE FROM \(schema).records WHERE position >= 6 AND position < 8")
            let missing = try await opened.verify().problem
            #expect(missing?.position == GlobalPosition(6))
            #expect(missing?.reason == "missing; the next record is at 8")
        }
    }

    /// Two nodes over one log: their appends interleave without a gap or a version won twice, each hears the
    /// other's commits (woken by NOTIFY), and a scheduled event fires once although both run a scheduler.
    @Test(.timeLimit(.minutes(3)))
    func twoNodesShareOneGaplessLogHearEachOtherAndFireATimerOnce() async throws {
        try await withLog(.postgres) { first, opened in
            let schema = opened.name
            let url = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"])
            let second = try await PostgresEventLog.open(.init(url: url, schema: schema, maximumConnections: 4))
            defer { second.close() }
            let heard = Task {
                var positions: [UInt64] = []
                for try await page in second.subscribe(after: .start) {
                    positions += page.map(\.position.rawValue)
                    if positions.count >= 100 { break }
                }
                return positions
            }
            let nodes: [any EventLog] = [first, second]
            let shared = stream("show-hot")
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Ten writers on one stream: each round one wins and nine conflict, so a busy machine still finishes.
                for writer in 0..<10 {
                    group.addTask {
                        var written = 0
                        while written < 10 {
                            let node = nodes[(writer + written) % 2]
                            let current = try await node.version(of: shared)
                            let expected: ExpectedVersion = current.map(ExpectedVersion.exact) ?? .noStream
                            if case .appended = try await node.append([event()], to: shared, expecting: expected) { written += 1 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let records = try await first.read(from: .start, limit: 1000)
            #expect(records.map(\.position.rawValue) == Array(1...100))
            #expect(records.map(\.streamVersion.rawValue) == Array(0..<100))
            #expect(try await heard.value == Array(1...100))

            try await first.schedule(ScheduledEvent(id: ScheduleID(UUID()), due: Date().addingTimeInterval(0.2), stream: stream("hold-1"),
                                                    event: event("HoldExpired")))
            let schedulers = nodes.map { node in Task { try await LogScheduler(log: node).run() } }
            for try await head in second.heads() where head >= GlobalPosition(101) { break }
            try await Task.sleep(for: .milliseconds(300))
            for scheduler in schedulers { scheduler.cancel() }
            #expect(try await first.read(from: GlobalPosition(101), limit: 10).map(\.type) == ["HoldExpired"])
        }
    }

    /// A node writes a batch in one call on the head it knows, assuming streams are where its appends expect and
    /// event ids are new; the call checks that under the head row's lock. Where another node committed first it
    /// decides again on the head found, and where an assumption was wrong (a stale expectation, a retried id) or it
    /// cannot assume (an append to whatever a stream holds) it decides under the lock: the answers are the ones the
    /// lock would give, and the log stays gapless and verifying.
    @Test func aBatchIsOneCallOnTheKnownHeadAndDecidedUnderTheLockOnlyWhenItsAssumptionsFail() async throws {
        try await withLog(.postgres) { log, opened in
            let first = try #require(log as? PostgresEventLog)
            let url = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"])
            let second = try await PostgresEventLog.open(.init(url: url, schema: opened.name, maximumConnections: 4))
            defer { second.close() }
            let (a, b) = (stream("show-a"), stream("show-b"))

            // The first commit knows no head yet: under the lock. From then on, one call.
            _ = try await first.append([event()], to: a, expecting: .noStream)
            #expect(first.lockedCommits == 1)
            let retried = event("Retried")
            let original = try #require(try await first.append([retried], to: a, expecting: .exact(StreamVersion(0))).appended)
            #expect(first.lockedCommits == 1)

            // Another node commits: the first decides again on the head the call found, still without the lock.
            _ = try await second.append([event()], to: b, expecting: .noStream)
            let moved = event()
            let afterMove = try #require(try await first.append([moved], to: a, expecting: .exact(StreamVersion(1))).appended)
            #expect(afterMove.firstPosition == GlobalPosition(4))
            #expect(first.lockedCommits == 1)

            // A stale expectation: the call refuses the assumption, the lock answers the conflict.
            let conflict = try await first.append([event()], to: a, expecting: .exact(StreamVersion(0)))
            #expect(conflict == .conflict(VersionConflict(stream: a, expected: .exact(StreamVersion(0)), actual: StreamVersion(2))))
            #expect(first.lockedCommits == 2)

            // A retry of an append that landed: its id is not new, and the lock answers with the original positions.
            let again = try #require(try await first.append([retried], to: a, expecting: .exact(StreamVersion(0))).appended)
            #expect(again.firstPosition == original.firstPosition && again.wasAlreadyAppended)
            #expect(first.lockedCommits == 3)

            // `.any` on a stream this node has not seen: nothing to assume, the lock reads its head; once seen, the
            // head this node last saw is the assumption.
            let any = try #require(try await first.append([event()], to: b, expecting: .any).appended)
            #expect(any.streamVersion == StreamVersion(1))
            #expect(first.lockedCommits == 4)
            let guessed = try #require(try await first.append([event()], to: b, expecting: .any).appended)
            #expect(guessed.streamVersion == StreamVersion(2))
            #expect(first.lockedCommits == 4)
            // The guess wrong (the other node wrote the stream since): the lock answers, at the right version.
            _ = try await second.append([event()], to: b, expecting: .exact(StreamVersion(2)))
            let wrongGuess = try #require(try await first.append([event()], to: b, expecting: .any).appended)
            #expect(wrongGuess.streamVersion == StreamVersion(4))
            #expect(first.lockedCommits == 5)

            // An expectation naming the stream's last event is assumed and checked in the call (here after the other
            // node moved the head); naming an event that is no longer the last, the lock answers the conflict.
            _ = try await second.append([event()], to: b, expecting: .exact(StreamVersion(4)))
            let named = try #require(try await first.append([event()], to: a, expecting: .exactEvent(StreamVersion(2), moved.id)).appended)
            #expect(named.streamVersion == StreamVersion(3))
            #expect(first.lockedCommits == 5)
            let misnamed = try await first.append([event()], to: a, expecting: .exactEvent(StreamVersion(3), moved.id))
            #expect(misnamed.appended == nil)
            #expect(first.lockedCommits == 6)

            let records = try await first.read(from: .start, limit: 100)
            #expect(records.map(\.position.rawValue) == Array(1...10))
            #expect(records.filter { $0.stream == a }.map(\.streamVersion.rawValue) == [0, 1, 2, 3])
            #expect(records.filter { $0.stream == b }.map(\.streamVersion.rawValue) == [0, 1, 2, 3, 4, 5])
            #expect(try await opened.verify() == LogVerification(records: 10, streams: 2, problem: nil))
        }
    }

    /// A call asks the database for an assumed stream head only when nothing else would catch it wrong: a head this
    /// node saw (it exists: nothing is removed), or no stream at all, followed by this batch's write of the next
    /// version is checked by the (stream, stream_version) unique index the insert meets anyway. Whichever way, a
    /// stale expectation is a conflict and writes nothing, and an expectation past the stream's end never leaves
    /// a gap.
    @Test func anAssumedHeadThisNodeSawIsCheckedByTheInsertAndOneItNeverSawByALookup() async throws {
        try await withLog(.postgres) { log, opened in
            let first = try #require(log as? PostgresEventLog)
            let url = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"])
            let second = try await PostgresEventLog.open(.init(url: url, schema: opened.name, maximumConnections: 4))
            defer { second.close() }
            let (a, c) = (stream("show-a"), stream("show-c"))
            _ = try await first.append([event()], to: a, expecting: .noStream)
            _ = try await first.append([event()], to: a, expecting: .exact(StreamVersion(0)))
            // The other node moves the stream on; this node still takes it to be at 1, as it left it.
            _ = try await second.append([event()], to: a, expecting: .exact(StreamVersion(1)))
            let stale = try await first.append([event()], to: a, expecting: .exact(StreamVersion(1)))
            #expect(stale == .conflict(VersionConflict(stream: a, expected: .exact(StreamVersion(1)), actual: StreamVersion(2))))
            // A stream the other node made, expected to be new.
            _ = try await second.append([event()], to: c, expecting: .noStream)
            let made = try await first.append([event()], to: c, expecting: .noStream)
            #expect(made == .conflict(VersionConflict(stream: c, expected: .noStream, actual: StreamVersion(0))))
            // A head past the stream's end that nobody saw: looked up, refused, no gap.
            let past = try await first.append([event()], to: a, expecting: .exact(StreamVersion(7)))
            #expect(past == .conflict(VersionConflict(stream: a, expected: .exact(StreamVersion(7)), actual: StreamVersion(2))))
            let written = try #require(try await first.append([event()], to: a, expecting: .exact(StreamVersion(2))).appended)
            #expect(written.streamVersion == StreamVersion(3))
            let records = try await first.read(from: .start, limit: 100)
            #expect(records.filter { $0.stream == a }.map(\.streamVersion.rawValue) == [0, 1, 2, 3])
            #expect(try await opened.verify() == LogVerification(records: 5, streams: 2, problem: nil))
        }
    }

    /// A node that writes nothing hears another node's commit: only the database's NOTIFY can tell it (its
    /// listener reads the head once, when it starts listening, and never polls).
    @Test(.timeLimit(.minutes(1)))
    func aNodeThatWritesNothingIsWokenByAnotherNodesCommit() async throws {
        try await withLog(.postgres) { first, opened in
            let url = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"])
            let second = try await PostgresEventLog.open(.init(url: url, schema: opened.name, maximumConnections: 4))
            defer { second.close() }
            // Long enough for the second node's listener to be listening before the commit.
            try await Task.sleep(for: .seconds(2))
            let woken = Task {
                var iterator = second.subscribe(after: .start).makeAsyncIterator()
                return try await iterator.next()?.map(\.type)
            }
            _ = try await first.append([event("FromTheFirstNode")], to: stream("show-1"), expecting: .any)
            // Bounded, so a node that is never woken fails the test instead of hanging it.
            let deadline = Task {
                try await Task.sleep(for: .seconds(10))
                woken.cancel()
            }
            defer { deadline.cancel() }
            #expect(try await woken.value == ["FromTheFirstNode"])
        }
    }

    /// LMDB to PostgreSQL and back: every record equal, hash included, the pending schedule with them, both copies
    /// verifying, and the copy going on from where the source stopped.
    @Test func aLogCopiedToPostgresAndBackIsTheSameRecordByRecordWithItsSchedule() async throws {
        try await withLog(.lmdb) { source, _ in
            for index in 0..<40 { _ = try await log(source, index) }
            let due = Date(timeIntervalSince1970: 1_900_000_000)
            let timers = (0..<3).map { ScheduledEvent(id: ScheduleID(UUID()), due: due.addingTimeInterval(Double($0)), stream: stream("hold-\($0)"),
                                                      event: event("HoldExpired")) }
            for timer in timers { try await source.schedule(timer) }
            let original = try await source.read(from: .start, limit: 100)
            try await withLog(.postgres) { middle, middleOpened in
                let there = try await LogCopy.copy(from: try #require(source as? any PortableLog), to: try #require(middle as? any PortableLog), pageSize: 7)
                #expect(there.records == 40)
                #expect(there.schedules == 3)
                #expect(there.lastHash == original.last?.hash)
                #expect(try await middleOpened.verify() == LogVerification(records: 40, streams: 5, problem: nil))
                #expect(try await middleOpened.pendingSchedule() == timers)
                try await withLog(.lmdb) { back, backOpened in
                    let again = try await LogCopy.copy(from: try #require(middle as? any PortableLog), to: try #require(back as? any PortableLog))
                    #expect(again == there)
                    #expect(try await back.read(from: .start, limit: 100) == original)
                    #expect(try await backOpened.verify().isIntact)
                    // The copy is a log like any other: versions and positions go on from the source's.
                    let next = try await back.append([event()], to: stream("show-1"), expecting: .exact(StreamVersion(7)))
                    #expect(next.appended?.firstPosition == GlobalPosition(41))
                }
                // A copy only goes into an empty log.
                let refused = await #expect(throws: EventStoreError.self) {
                    try await LogCopy.copy(from: try #require(source as? any PortableLog), to: try #require(middle as? any PortableLog))
                }
                #expect(refused?.code == .invalidArgument)
            }
        }
    }

    /// `log export` and `log import` on either backend: a PostgreSQL log exports the very archive its LMDB copy
    /// does, which imports into an empty PostgreSQL log that then verifies and goes on.
    @Test func aPostgresLogExportsTheArchiveItsLMDBCopyDoesAndImportsOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (fromPostgres, fromLMDB) = (directory.appendingPathComponent("pg.tktlog"), directory.appendingPathComponent("lmdb.tktlog"))
        try await withLog(.postgres) { source, _ in
            for index in 0..<60 { _ = try await log(source, index) }
            let exported = try await try #require(source as? any PortableLog).exportArchive(to: fromPostgres, chunk: 7, files: .none) { _ in }
            #expect(exported.records == 60)
            #expect(exported.lastHash == (try await source.read(from: GlobalPosition(60), limit: 1).first?.hash.description))
            try await withLog(.lmdb) { copy, _ in
                _ = try await LogCopy.copy(from: try #require(source as? any PortableLog), to: try #require(copy as? any PortableLog))
                let lmdb = try #require(copy as? LMDBEventLog)
                #expect(try lmdb.exportArchive(to: fromLMDB) == exported)
            }
            #expect(try Data(contentsOf: fromPostgres) == Data(contentsOf: fromLMDB))
            try await withLog(.postgres) { restored, restoredOpened in
                let imported = try await try #require(restored as? any PortableLog).importArchive(from: fromLMDB, batch: 9)
                #expect(imported == exported)
                #expect(try await restoredOpened.verify() == LogVerification(records: 60, streams: 5, problem: nil))
                #expect(try await restored.read(from: .start, limit: 100) == source.read(from: .start, limit: 100))
                let next = try await restored.append([event()], to: stream("show-0"), expecting: .exact(StreamVersion(11)))
                #expect(next.appended?.firstPosition == GlobalPosition(61))
            }
        }
    }

    private func log(_ log: any EventLog, _ index: Int) async throws -> AppendResult {
        try await log.append([event("E\(index)", #"{"n":\#(index)}"#)], to: stream("show-\(index % 5)"), expecting: .any)
    }

    static func sql(_ statement: String) async throws {
        try await withClient { client in _ = try await client.query(PostgresQuery(unsafeSQL: statement)) }
    }

    static func withClient<R: Sendable>(_ body: (PostgresClient) async throws -> R) async throws -> R {
        let url = try #require(URLComponents(string: ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"] ?? ""))
        let client = PostgresClient(configuration: .init(host: url.host ?? "", port: url.port ?? 5432, username: url.user ?? "",
                                                         password: nil, database: "postgres", tls: .disable))
        let running = Task { await client.run() }
        defer { running.cancel() }
        return try await body(client)
    }
}

/// Personal-data keys beside a log on PostgreSQL: one node's key is every node's, and a destroyed one is gone from
/// the table (each node forgets its copy when it learns of the erasure).
@Suite("EventStore: personal-data keys on PostgreSQL")
struct PostgresKeyStoreTests {
    @Test func aKeyOneNodeMakesOpensOnAnotherAndADestroyedOneOnNeither() async throws {
        try await withLog(.postgres) { log, opened in
            let first = try #require(log as? PostgresEventLog)
            let url = try #require(ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"])
            let second = try await PostgresEventLog.open(.init(url: url, schema: opened.name, maximumConnections: 4))
            defer { second.close() }
            let (here, there) = (PersonalKeyRing(store: first.personalKeys), PersonalKeyRing(store: second.personalKeys))

            let key = try first.personalKeys.create(.random(), for: "customer-1")
            #expect(try second.personalKeys.create(.random(), for: "customer-1") == key, "the second node gets the first one's key")
            let sealed = try here.seal(Array("asha@example.com".utf8), for: "customer-1")
            #expect(try there.open(sealed) == Array("asha@example.com".utf8))

            try here.destroy(keyOf: "customer-1")
            #expect(try first.personalKeys.key(of: "customer-1") == nil)
            #expect(try here.open(sealed) == nil)
            there.forget("customer-1")
            #expect(try there.open(sealed) == nil)
            // A new key for the same subject (an account signed up again) opens only what is sealed under it.
            let again = try there.seal(Array("asha@example.com".utf8), for: "customer-1")
            #expect(try here.open(again) == Array("asha@example.com".utf8))
            #expect(try here.open(sealed) == nil)
            // And it is a shared file the copy and backup tools list.
            #expect(try await first.storage.names(in: PersonalKeyFile.folder).count == 1)
        }
    }
}
