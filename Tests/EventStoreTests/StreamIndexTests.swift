@testable import EventStore
import Foundation
import LMDB
import Testing

@Suite("EventStore: the stream index written behind the log")
struct StreamIndexTests {
    @Test func aStreamReadsWholeAcrossWrittenAndWaitingIndexEntries() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        do {
            // Closing writes the waiting entries: versions 0...2 end up in the database.
            let log = try store.open()
            for index in 0..<3 { _ = try await log.append([event("E\(index)")], to: stream("show-1"), expecting: .any) }
            log.close()
        }
        let log = try store.open()
        defer { log.close() }
        for index in 3..<6 { _ = try await log.append([event("E\(index)")], to: stream("show-1"), expecting: .any) }
        let forwards = try await log.read(stream: stream("show-1"), from: StreamVersion(1), direction: .forwards, limit: 10)
        #expect(forwards.map(\.type) == ["E1", "E2", "E3", "E4", "E5"])
        let backwards = try await log.read(stream: stream("show-1"), from: StreamVersion(4), direction: .backwards, limit: 4)
        #expect(backwards.map(\.type) == ["E4", "E3", "E2", "E1"])
        #expect(try await log.version(of: stream("show-1")) == StreamVersion(5))
        let conflict = try await log.append([event()], to: stream("show-1"), expecting: .exact(StreamVersion(2)))
        #expect(conflict == .conflict(VersionConflict(stream: stream("show-1"), expected: .exact(StreamVersion(2)), actual: StreamVersion(5))))
    }

    @Test func entriesLeftUnwrittenByACrashAreRebuiltOnOpen() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        do {
            let log = try store.open()
            for index in 0..<4 { _ = try await log.append([event("E\(index)")], to: stream("show-\(index % 2)"), expecting: .any) }
            log.close()
        }
        // As a crash between flushes leaves it: the last two records' entries and the checkpoint not yet written.
        try unwriteIndexEntries(of: store, [("show-0", 1), ("show-1", 1)], checkpoint: 2)
        let log = try store.open()
        defer { log.close() }
        #expect(try log.verify().isIntact)
        #expect(try await log.version(of: stream("show-1")) == StreamVersion(1))
        let next = try await log.append([event("E4")], to: stream("show-0"), expecting: .exact(StreamVersion(1)))
        #expect(next.appended?.firstPosition == GlobalPosition(5))
    }

    @Test func theBacklogRefusesToAnswerForSnapshotsOlderThanItsPrunedEntries() {
        let backlog = StreamIndexBacklog(indexedThrough: 10)
        let show = stream("show-1")
        backlog.add([IndexEntry(stream: show, version: 0, position: 11), IndexEntry(stream: show, version: 1, position: 13)])
        #expect(backlog.entries(of: show, after: 10, through: 20) == [.init(version: 0, position: 11), .init(version: 1, position: 13)])
        #expect(backlog.entries(of: show, after: 10, through: 12) == [.init(version: 0, position: 11)])
        backlog.prune(through: 12)
        #expect(backlog.entries(of: show, after: 12, through: 20) == [.init(version: 1, position: 13)])
        #expect(backlog.entries(of: show, after: 10, through: 20) == nil)
    }
}

@Suite("EventStore: read-only inspection")
struct ReadOnlyTests {
    @Test func aReadOnlyLogReadsStreamsPastTheIndexCheckpointAndRefusesAppends() async throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        do {
            let log = try store.open()
            for index in 0..<6 { _ = try await log.append([event("E\(index)")], to: stream("show-\(index % 2)"), expecting: .any) }
            log.close()
        }
        // As a running writer leaves it between flushes: the last two entries only in the writer's memory.
        try unwriteIndexEntries(of: store, [("show-0", 2), ("show-1", 2)], checkpoint: 4)
        let log = try LMDBEventLog(.init(path: store.logPath, readOnly: true))
        defer { log.close() }
        let show0 = try await log.read(stream: stream("show-0"), from: .first, direction: .forwards, limit: 10)
        #expect(show0.map(\.type) == ["E0", "E2", "E4"])
        #expect(try await log.version(of: stream("show-1")) == StreamVersion(2))
        #expect(try log.verify().isIntact)
        let error = await #expect(throws: EventStoreError.self) {
            try await log.append([event()], to: stream("show-0"), expecting: .any)
        }
        #expect(error?.code == .closed)
        // Nothing was written on open: the checkpoint is still where the "writer" left it.
        let reopened = try Environment(path: store.logPath, options: .init(readOnly: true))
        let meta = try reopened.openDatabase("meta")
        let checkpoint = try reopened.read { txn in try txn.get(meta, key: Array("indexedThrough".utf8)).flatMap { BigEndianKey.read($0) } }
        #expect(checkpoint == 4)
    }

    @Test func aMissingLogCannotBeOpenedReadOnly() throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        #expect(throws: EventStoreError.self) { try LMDBEventLog(.init(path: store.logPath, readOnly: true)) }
        #expect(!FileManager.default.fileExists(atPath: store.logPath))
    }
}

/// Removes stream-index entries and moves the index checkpoint back, with the log closed: the state a writer
/// leaves between flushes.
func unwriteIndexEntries(of store: TemporaryStore, _ entries: [(stream: String, version: UInt64)], checkpoint: UInt64) throws {
    let environment = try Environment(path: store.logPath)
    let streams = try environment.openDatabase("streams")
    let meta = try environment.openDatabase("meta")
    try environment.write { txn in
        for entry in entries { try txn.delete(streams, key: Array(entry.stream.utf8) + [0] + BigEndianKey.bytes(entry.version)) }
        try txn.put(meta, key: Array("indexedThrough".utf8), value: BigEndianKey.bytes(checkpoint))
    }
}
