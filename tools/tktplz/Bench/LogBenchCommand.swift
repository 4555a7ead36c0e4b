import ArgumentParser
import EventStore
import Foundation
import LMDB

/// `tktplz bench log`: raw LMDB commits beside the store's durable appends and a full read, in one process.
///
/// The machine is shared and noisy, so each size is measured in alternating rounds (raw, store, raw, store, …)
/// and the medians are compared: both sides see the same disturbances.
struct LogBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Raw LMDB fsync'd commits vs the store's group-committed appends, and full-log read rate.")

    @Option(help: "Seconds per measured round.") var seconds: Double = 2
    @Option(help: "Alternating rounds per size; medians are reported.") var rounds: Int = 3
    @Option(help: "Payload bytes per event.") var payload: Int = 200
    @Option(help: "Records in the log for the read benchmark.") var readRecords: Int = 2_000_000
    @Option(name: .customLong("data-dir"), help: "Scratch directory (default: a new temporary one); removed afterwards.")
    var dataDirectory: String?
    @Option(parsing: .upToNextOption, help: "Appender counts to measure.") var appenders: [Int] = [1, 64, 1000]
    @Flag(help: "Skip the full-read phase.") var skipRead = false

    func run() async throws {
        let root = URL(fileURLWithPath: dataDirectory ?? NSTemporaryDirectory())
            .appendingPathComponent("tktplz-bench-\(UUID.random().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let duration = Duration.milliseconds(Int64(seconds * 1000))
        print("tktplz bench log: \(rounds) alternating rounds of \(seconds) s per size, \(payload)-byte payloads, "
            + "fsync on every commit; medians")

        let raw = try RawLMDBBenchmark(path: root.appendingPathComponent("raw").path, recordSize: recordSize)
        let log = try LMDBEventLog(.init(path: root.appendingPathComponent("events").path))
        defer { log.close() }
        let targets: [Int: Double] = [1: 0.8, 64: 0.5, 1000: 0.3]
        print("\nRaw LMDB: MDB_APPEND puts of \(recordSize)-byte records, N per fsync'd commit.")
        print("Store: N appender tasks, each appending one event to its own stream and awaiting the acknowledgement.\n")
        for appenders in appenders {
            var rawRuns: [RawLMDBBenchmark.Result] = []
            var storeRuns: [AppendBenchmark.Result] = []
            var batches: [Double] = []
            for _ in 0..<rounds {
                rawRuns.append(try raw.run(recordsPerCommit: appenders, for: duration))
                let before = log.commitStatistics
                storeRuns.append(try await AppendBenchmark(log: log, payload: payload).run(appenders: appenders, for: duration))
                let after = log.commitStatistics
                batches.append(Double(after.requests - before.requests) / Double(max(1, after.commits - before.commits)))
            }
            let rawRate = rawRuns.map(\.recordsPerSecond).sorted()[rounds / 2]
            let store = storeRuns.sorted { $0.appendsPerSecond < $1.appendsPerSecond }[rounds / 2]
            let ratio = store.appendsPerSecond / rawRate
            let target = targets[appenders] ?? 0
            let p99 = store.latency.percentile(99)
            let meets = ratio >= target && (appenders != 64 || p99 < 5)
            print("N = \(appenders)")
            var commits = LatencySample()
            for run in rawRuns { commits.merge(run.commitLatency) }
            print("  raw LMDB:  \(pad(Terminal.grouped(rawRate), 10)) records/s   commit p50 \(ms(commits.percentile(50)))  "
                + "p99 \(ms(commits.percentile(99)))")
            print("  store:     \(pad(Terminal.grouped(store.appendsPerSecond), 10)) appends/s  p50 \(ms(store.latency.percentile(50)))  "
                + "p99 \(ms(p99))  \(String(format: "%.1f", batches.sorted()[rounds / 2])) appends/commit")
            print("  ratio:     \(String(format: "%.2f", ratio))x  (target \(target)x\(appenders == 64 ? ", p99 < 5 ms" : ""): "
                + "\(meets ? "meets" : "MISSES"))  rounds: raw \(rawRuns.map { Terminal.grouped($0.recordsPerSecond) }), "
                + "store \(storeRuns.map { Terminal.grouped($0.appendsPerSecond) })")
        }

        print("\nFloor: the same appender tasks answered in batches by a thread with no storage at all:")
        for appenders in appenders {
            let rate = await HandoffFloorBenchmark().run(appenders: appenders, payload: payload, for: duration)
            print("  N = \(pad(appenders, 4)): \(pad(Terminal.grouped(rate), 10)) round trips/s")
        }

        if skipRead { return }
        let filled = try await ReadBenchmark.fill(log, to: readRecords, payload: payload)
        print("\nFull read of \(Terminal.grouped(Double(filled))) records from position 0 (target 5,000,000 records/s), medians of 3:")
        let scan = try [ReadBenchmark.rawScan(log), ReadBenchmark.rawScan(log), ReadBenchmark.rawScan(log)].sorted()[1]
        print("  raw LMDB cursor walk (no decoding): \(pad(Terminal.grouped(scan), 12)) records/s")
        let scanned = try [ReadBenchmark.scanAll(log), ReadBenchmark.scanAll(log), ReadBenchmark.scanAll(log)].sorted()[1]
        print("  store scan(from:) in place:         \(pad(Terminal.grouped(scanned), 12)) records/s  "
            + "(\(scanned >= 5_000_000 ? "meets" : "MISSES") target)")
        let read = try await [ReadBenchmark.readAll(log), ReadBenchmark.readAll(log), ReadBenchmark.readAll(log)].sorted()[1]
        print("  store read(from:limit:) decoded:    \(pad(Terminal.grouped(read), 12)) records/s  (copies every record)")
    }

    /// The size of the store's record for this payload: header, names, payload, hash.
    private var recordSize: Int { 84 + "bench-000000000".utf8.count + "BenchEvent".utf8.count + payload + 32 }

    private func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
}
