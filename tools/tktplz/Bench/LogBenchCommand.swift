import ArgumentParser
import EventStore
import Foundation
import LMDB

/// `tktplz bench log`: raw LMDB commits beside the store's durable appends and a full read, in one process.
struct LogBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Raw LMDB fsync'd commits vs the store's group-committed appends, and full-log read rate.")

    @Option(help: "Seconds per measured phase.") var seconds: Double = 3
    @Option(help: "Payload bytes per event.") var payload: Int = 200
    @Option(help: "Records in the log for the read benchmark.") var readRecords: Int = 2_000_000
    @Option(help: "Scratch directory (default: a new temporary one, removed afterwards).") var directory: String?
    @Option(parsing: .upToNextOption, help: "Appender counts to measure.") var appenders: [Int] = [1, 64, 1000]
    @Flag(help: "Skip the full-read phase.") var skipRead = false

    func run() async throws {
        let root = URL(fileURLWithPath: directory ?? NSTemporaryDirectory()).appendingPathComponent("tktplz-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let duration = Duration.milliseconds(Int64(seconds * 1000))
        print("tktplz bench log: \(seconds) s per phase, \(payload)-byte payloads, durable (fsync per commit)")

        let raw = try RawLMDBBenchmark(path: root.appendingPathComponent("raw").path, recordSize: recordSize)
        var rawRates: [Int: Double] = [:]
        print("\nRaw LMDB, MDB_APPEND puts of \(recordSize)-byte records, one fsync'd commit per transaction:")
        for batch in Set([1, 64, 1000] + self.appenders).sorted() {
            let written = WrittenBytes.now()
            let result = try raw.run(recordsPerCommit: batch, for: duration)
            let perRecord = Double(WrittenBytes.now() - written) / max(1, result.recordsPerSecond * seconds)
            rawRates[batch] = result.recordsPerSecond
            print("  \(pad(batch, 4)) records/commit: \(pad(Terminal.grouped(result.recordsPerSecond), 10)) records/s  "
                + "\(pad(Terminal.grouped(result.commitsPerSecond), 8)) commits/s  \(pad(Int(perRecord), 6)) bytes written/record")
        }

        let log = try LMDBEventLog(.init(path: root.appendingPathComponent("events").path))
        defer { log.close() }
        let targets: [Int: Double] = [1: 0.8, 64: 0.5, 1000: 0.3]
        print("\nStore, durable single-event appends to distinct streams, each appender awaiting its acknowledgement:")
        for appenders in self.appenders {
            let before = log.commitStatistics
            let written = WrittenBytes.now()
            let result = try await AppendBenchmark(log: log, payload: payload).run(appenders: appenders, for: duration)
            let after = log.commitStatistics
            let perCommit = Double(after.requests - before.requests) / Double(max(1, after.commits - before.commits))
            let perRecord = (WrittenBytes.now() - written) / max(1, after.requests - before.requests)
            let ratio = result.appendsPerSecond / (rawRates[appenders] ?? 1)
            let target = targets[appenders] ?? 0
            var verdict = ratio >= target ? "meets" : "MISSES"
            if appenders == 64 && result.latency.percentile(99) >= 5 { verdict = "MISSES (p99)" }
            print("  \(pad(appenders, 4)) appenders: \(pad(Terminal.grouped(result.appendsPerSecond), 10)) appends/s  "
                + "p50 \(ms(result.latency.percentile(50)))  p99 \(ms(result.latency.percentile(99)))  "
                + "\(String(format: "%6.1f", perCommit)) appends/commit  \(pad(perRecord, 6)) bytes written/append  "
                + "= \(String(format: "%.2f", ratio))x raw \(appenders)-record commits (target \(target)x: \(verdict))")
        }

        print("\nFloor: the same appender tasks answered in batches by a thread with no storage at all:")
        for appenders in self.appenders {
            let rate = await HandoffFloorBenchmark().run(appenders: appenders, payload: payload, for: duration)
            print("  \(pad(appenders, 4)) appenders: \(pad(Terminal.grouped(rate), 10)) round trips/s")
        }

        if skipRead { return }
        let filled = try await ReadBenchmark.fill(log, to: readRecords, payload: payload)
        print("\nFull read of \(Terminal.grouped(Double(filled))) records from position 0 (target 5,000,000 records/s):")
        let scan = try ReadBenchmark.rawScan(log)
        print("  raw LMDB cursor scan (no decoding): \(pad(Terminal.grouped(scan), 12)) records/s")
        // Medians of three passes: the first may still pay for faulting pages into memory.
        let scanned = try [ReadBenchmark.scanAll(log), ReadBenchmark.scanAll(log), ReadBenchmark.scanAll(log)].sorted()[1]
        print("  store scan(from:) in place:         \(pad(Terminal.grouped(scanned), 12)) records/s  "
            + "(\(scanned >= 5_000_000 ? "meets" : "MISSES") target)")
        let read = try await [ReadBenchmark.readAll(log), ReadBenchmark.readAll(log), ReadBenchmark.readAll(log)].sorted()[1]
        print("  store read(from:limit:) decoded:    \(pad(Terminal.grouped(read), 12)) records/s  (copies every record)")
    }

    /// The size of the store's record for this payload: header, names, payload, hash.
    private var recordSize: Int { 84 + "bench-0000000000".utf8.count + "BenchEvent".utf8.count + payload + 32 }

    private func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
}
