import TestSupport
import EventStore
import Foundation
import Testing

@Suite("EventStore: crash safety")
struct CrashTests {
    /// One acknowledged event as the child printed it: `ack STREAM VERSION POSITION EVENT-ID`.
    struct Ack: Equatable {
        let stream: String
        let version: UInt64
        let position: UInt64
        let id: String

        init?(_ line: String) {
            let fields = line.split(separator: " ")
            guard fields.count == 5, fields[0] == "ack", let version = UInt64(fields[2]), let position = UInt64(fields[3]) else {
                return nil
            }
            stream = String(fields[1])
            self.version = version
            self.position = position
            id = String(fields[4])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func acknowledgedAppendsSurviveSIGKILLAndTheLogVerifies() async throws {
        let binary = try ToolProcess.binary()
        let store = try TemporaryStore()
        defer { store.remove() }
        var acknowledged: [Ack] = []
        for round in 0..<4 {
            let killAfter = Int.random(in: 100...1500)
            let acks = try await Self.runAndKill(binary, dataDirectory: store.directory.path, afterAcks: killAfter)
            #expect(acks.count >= killAfter, "round \(round): the child printed \(acks.count) acknowledgements")
            acknowledged += acks

            let log = try store.open()
            defer { log.close() }
            let report = try log.verify()
            #expect(report.isIntact, "round \(round): \(String(describing: report.problem))")
            let records = try await log.read(from: .start, limit: Int(report.records) + 1)
            #expect(records.map(\.position.rawValue) == Array(0..<UInt64(records.count)).map { $0 + 1 })
            let byPosition = Dictionary(uniqueKeysWithValues: records.map { ($0.position.rawValue, $0) })
            let missing = acknowledged.filter { ack in
                guard let record = byPosition[ack.position] else { return true }
                return record.id.description != ack.id || record.stream.rawValue != ack.stream
                    || record.streamVersion.rawValue != ack.version
            }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged events are not in the log as acknowledged")
            // Each stream's index, rebuilt past its checkpoint on open, reaches at least the last acknowledged version.
            let lastAcked = Dictionary(acknowledged.map { ($0.stream, $0.version) }, uniquingKeysWith: max)
            for (name, version) in lastAcked {
                let indexed = try await log.version(of: StreamName(name))
                #expect((indexed?.rawValue ?? 0) >= version, "round \(round): \(name) is indexed to \(String(describing: indexed))")
                let read = try await log.read(stream: StreamName(name), from: .first, direction: .forwards, limit: Int.max)
                #expect(read.map(\.streamVersion.rawValue) == Array(0..<UInt64(read.count)))
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func verifyRunsReadOnlyBesideAWritingProcess() async throws {
        let binary = try ToolProcess.binary()
        let store = try TemporaryStore()
        defer { store.remove() }
        let (process, reader) = try Self.startAppendLoad(binary, dataDirectory: store.directory.path, appenders: 8)
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let acks = await ToolProcess.onThread {
            var acks: [Ack] = []
            while acks.count < 500, let lines = reader.nextLines() { acks += lines.compactMap(Ack.init) }
            return acks
        }
        #expect(acks.count >= 500)
        // The other process keeps appending while this one inspects the same log.
        let log = try LMDBEventLog(.init(path: store.logPath, readOnly: true))
        defer { log.close() }
        let report = try log.verify()
        #expect(report.isIntact, "\(String(describing: report.problem))")
        #expect(report.records >= UInt64(acks.count))
        let lastAcked = Dictionary(acks.map { ($0.stream, $0.version) }, uniquingKeysWith: max)
        for (name, version) in lastAcked {
            let events = try await log.read(stream: StreamName(name), from: .first, direction: .forwards, limit: Int.max)
            #expect(events.map(\.streamVersion.rawValue) == Array(0..<UInt64(events.count)))
            #expect(UInt64(events.count) > version)
        }
    }

    /// Starts `tktplz bench append-load`, reads acknowledgements until `afterAcks`, then SIGKILLs it and
    /// collects every acknowledgement it had printed.
    static func runAndKill(_ binary: URL, dataDirectory: String, afterAcks: Int) async throws -> [Ack] {
        let (process, reader) = try startAppendLoad(binary, dataDirectory: dataDirectory, appenders: 16)
        return await ToolProcess.onThread {
            var acks: [Ack] = []
            var killed = false
            while let lines = reader.nextLines() {
                acks += lines.compactMap(Ack.init)
                if !killed && acks.count >= afterAcks {
                    kill(process.processIdentifier, SIGKILL)
                    killed = true
                }
            }
            process.waitUntilExit()
            return acks
        }
    }

    /// Starts `tktplz bench append-load` on `dataDirectory`; its acknowledgements arrive through the reader.
    static func startAppendLoad(_ binary: URL, dataDirectory: String, appenders: Int) throws -> (Process, LineReader) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["bench", "append-load", "--data-dir", dataDirectory, "--appenders", String(appenders)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, LineReader(output.fileHandleForReading))
    }
}
