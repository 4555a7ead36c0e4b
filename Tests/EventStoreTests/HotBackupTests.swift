import TestSupport
import EventStore
import Foundation
import Testing

@Suite("EventStore: hot backups")
struct HotBackupTests {
    /// `tktplz log backup` beside a process that keeps appending: the copy opens, verifies, and is exactly the
    /// original's first records (same positions, ids and hash chain), and it can be appended to as a restored log.
    @Test(.timeLimit(.minutes(1)))
    func aBackupTakenWhileAnotherProcessAppendsIsAVerifiedPrefixOfTheLog() async throws {
        let binary = try ToolProcess.binary()
        let store = try TemporaryStore()
        defer { store.remove() }
        let destination = store.directory.appendingPathComponent("backup")
        let (process, reader) = try CrashTests.startAppendLoad(binary, dataDirectory: store.directory.path, appenders: 8)
        let acks = await ToolProcess.onThread {
            var count = 0
            while count < 300, let lines = reader.nextLines() { count += lines.filter { $0.hasPrefix("ack ") }.count }
            return count
        }
        #expect(acks >= 300)
        let backup = try await ToolProcess.run(["log", "backup", destination.path, "--data-dir", store.directory.path])
        #expect(backup.status == 0, "\(backup.output)\(backup.errors)")
        #expect(backup.output.contains("the copy verifies"))
        let copy = try LMDBEventLog(.init(path: destination.appendingPathComponent("events").path, durable: false))
        defer { copy.close() }
        let copied = try copy.verify()
        // The writer goes on after the copy, then dies. Its acks are read all along (a full pipe would stop it), but
        // they may be old lines still in the pipe: whether it went on past the copy is asked of the log itself.
        let draining = Task { await ToolProcess.onThread { while reader.nextLines() != nil {} } }
        let watcher = try LMDBEventLog(.init(path: store.logPath, readOnly: true))
        let deadline = ContinuousClock.now + .seconds(20)
        while try await watcher.head().rawValue < copied.records + 200, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        watcher.close()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        await draining.value

        let original = try store.open()
        defer { original.close() }
        #expect(copied.isIntact && copied.records >= 300, "\(String(describing: copied.problem))")
        #expect(try original.verify().records > copied.records, "the original went on past the copy")
        let mine = try await copy.read(from: GlobalPosition(1), limit: Int(copied.records))
        let theirs = try await original.read(from: GlobalPosition(1), limit: Int(copied.records))
        #expect(mine.map(\.hash) == theirs.map(\.hash) && mine.map(\.id) == theirs.map(\.id))
        // Restored, it is a log like any other: it takes the next append at the next position.
        let next = try await copy.append(NewEvent(id: .random(), type: "Restored", payload: Data("{}".utf8)),
                                         to: try StreamName(category: "restore", id: "1"), expecting: .noStream)
        #expect(next.appended?.firstPosition == GlobalPosition(copied.records + 1), "\(next)")
        // A second backup into the same place is refused rather than overwriting it.
        let again = try await ToolProcess.run(["log", "backup", destination.path, "--data-dir", store.directory.path])
        #expect(again.status != 0 && again.errors.contains("already holds a log"))
    }
}
