import App
import ArgumentParser
import Domain
import DomainEvents
import EventStore
import Foundation
import Projections

/// `tktplz bench rebuild`: every projection rebuilt from a log of millions of real domain events, beside a raw
/// LMDB scan of the same log in the same run; then the server's cold start to serving on that log.
struct RebuildBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Full projection rebuild rate beside a raw scan of the same log, and cold start to serving.")

    @Option(help: "Records in the log (filled with sales if it has fewer).") var events: UInt64 = 5_000_000
    @Option(name: .customLong("data-dir"), help: "Where the log is kept between runs (default: a temporary directory, removed).")
    var dataDirectory: String?

    func run() async throws {
        let root = URL(fileURLWithPath: dataDirectory ?? NSTemporaryDirectory().appending("tktplz-bench-rebuild-\(UUID.random().uuidString)"), isDirectory: true)
        defer { if dataDirectory == nil { try? FileManager.default.removeItem(at: root) } }
        let logPath = root.appendingPathComponent("events").path
        do {
            let log = try LMDBEventLog(.init(path: logPath, durable: false))
            let clock = ContinuousClock()
            let started = clock.now
            let before = try await log.head().rawValue
            let head = try await SalesHistory.fill(log, to: events) { head in
                if head % 500_000 < 25_003 { Terminal.status("  filled \(Terminal.grouped(Double(head))) records") }
            }
            if head > before {
                print("filled the log to \(Terminal.grouped(Double(head))) records (\(Terminal.grouped(Double(head - before) / (clock.now - started).seconds)) records/s, fsync off)")
            }
            log.close()
        }
        let log = try LMDBEventLog(.init(path: logPath, readOnly: true))
        defer { log.close() }
        let head = try await log.head()
        print("tktplz bench rebuild: \(Terminal.grouped(Double(head.rawValue))) records; every projection the server runs (\(ProjectionCatalog.all.count))")
        let rawBefore = try ReadBenchmark.rawScan(log)
        let read = try await ReadBenchmark.readAll(log, pageSize: 5000)
        let decoded = try await Self.readAndDecode(log)
        print("read each record (position, stream, type, payload copied out of LMDB): \(Terminal.grouped(read)) records/s")
        print("read and decode each record into its domain event, no cache (what a fold in another process pays first): "
            + "\(Terminal.grouped(decoded)) records/s")
        // The decoding alone: the time per record of both passes, less the reading.
        let decodeOnly = 1 / (1 / decoded - 1 / read)
        print(String(format: "decoding alone: %@ records/s, %.2f µs per record (target ≥ 1,000,000 records/s)",
                     Terminal.grouped(decodeOnly) as NSString, 1_000_000 / decodeOnly))
        try await Self.decodeByType(log)
        let projections = root.appendingPathComponent("projections")
        // Rebuilt from nothing each run: the projections of the last run go first.
        if FileManager.default.fileExists(atPath: projections.path) { try FileManager.default.removeItem(at: projections) }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            // Every projection in one pass over the log, as `tktplz projections rebuild --all` does; the store is
            // closed after it, for the floor below to open.
            let store = try ProjectionStore(path: projections.path)
            try await ProjectionCatalog.rebuild(ProjectionCatalog.all, log: log, store: store)
        }
        let seconds = (clock.now - started).seconds
        let rawAfter = try ReadBenchmark.rawScan(log)
        let raw = (rawBefore + rawAfter) / 2
        let rate = Double(head.rawValue) / seconds
        print("raw LMDB scan (cursor walk, before and after): \(Terminal.grouped(rawBefore)) / \(Terminal.grouped(rawAfter)) records/s")
        print(String(format: "full rebuild, all %d projections in one pass: %.1f s, %@ events/s (target ≥ 1,000,000), %.3f× the raw scan",
                     ProjectionCatalog.all.count, seconds, Terminal.grouped(rate) as NSString, rate / raw))
        let scratch = root.appendingPathComponent("view-write-floor").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let floor = try ViewWriteFloor.measure(projections: projections.path, scratch: scratch)
        print(String(format: "writing the rebuilt views alone (%@ rows, %.1f per record, %@ MB; encoded, in key order, appended in commits of %@): "
                     + "%.1f s, %@ rows/s, so at most %@ events/s for any rebuild that writes them",
                     Terminal.grouped(Double(floor.rows)) as NSString, Double(floor.rows) / Double(head.rawValue),
                     Terminal.grouped(Double(floor.bytes) / 1_000_000) as NSString, Terminal.grouped(Double(ViewWriteFloor.rowsPerCommit)) as NSString,
                     floor.seconds, Terminal.grouped(Double(floor.rows) / floor.seconds) as NSString,
                     Terminal.grouped(Double(head.rawValue) / floor.seconds) as NSString))
        try await coldStart(root: root, head: head)
        try await coldDecision(log)
    }

    /// A command decided on a show of this log by a handler that has never seen it: the show's whole stream is read
    /// and folded first (what a node does for the first hold on a show after a start). The command is refused (another
    /// organizer submits it), so nothing is written.
    private func coldDecision(_ log: LMDBEventLog) async throws {
        let stream = try Show.stream(ShowID("bench-show-0"))
        let events = try await log.version(of: stream).map { $0.rawValue + 1 } ?? 0
        let clock = ContinuousClock()
        let started = clock.now
        let refused: Bool
        do {
            _ = try await CommandHandler<Show>(log: log).handle(.submit(by: OrganizerID("bench-none")), on: stream)
            refused = false
        } catch {
            // Refused is as intended: the state was loaded and the command decided on it.
            guard case .rejected = error else { throw error }
            refused = true
        }
        guard refused else { throw ToolFailure("a submission by another organizer was accepted") }
        print(String(format: "a command decided cold on a show of %@ events: %.0f ms (its stream read and folded)",
                     Terminal.grouped(Double(events)) as NSString, (clock.now - started).seconds * 1000))
    }

    /// Records per second read in pages and decoded into their domain events, without the cache of this process's
    /// own appends: the floor under a rebuild that folds typed events.
    private static func readAndDecode(_ log: LMDBEventLog) async throws -> Double {
        try await ReadBenchmark.readAll(log, pageSize: 5000) { _ = try EventEncoding.decodeWithoutCache($0) }
    }

    /// The decoding time of each stored type, over the first 200,000 records held in memory (reading excluded).
    private static func decodeByType(_ log: LMDBEventLog) async throws {
        var byType: [String: [RecordedEvent]] = [:]
        var next = GlobalPosition(1)
        var kept = 0
        while kept < 200_000 {
            let page = try await log.read(from: next, limit: 5000)
            guard let last = page.last else { break }
            for record in page { byType[record.type, default: []].append(record) }
            kept += page.count
            next = last.position.next
        }
        var parts: [String] = []
        for (type, records) in byType.sorted(by: { $0.key < $1.key }) {
            let clock = ContinuousClock()
            let started = clock.now
            var decoded = 0
            for _ in 0..<3 { decoded += try EventEncoding.decodeWithoutCache(records) }
            let micros = (clock.now - started).seconds * 1_000_000 / Double(decoded)
            parts.append(String(format: "%@ %.2f µs (%d bytes)", type, micros, records[0].payload.count))
        }
        print("decoding alone, per stored type: " + parts.joined(separator: ", "))
    }

    /// Spawns `tktplz serve` on the data directory (projections current) and times it to its first answers.
    private func coldStart(root: URL, head: GlobalPosition) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        let port = 5000 + Int.random(in: 1000..<4000)
        process.arguments = ["serve", "--data-dir", root.path, "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let started = clock.now
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var health: Duration?
        var listings: Duration?
        while clock.now - started < .seconds(60), listings == nil {
            if health == nil, try await BenchHTTP.status("http://127.0.0.1:\(port)/health") == 200 { health = clock.now - started }
            if health != nil, try await BenchHTTP.status("http://127.0.0.1:\(port)/api/event?limit=1&after=\(head.rawValue)") == 200 { listings = clock.now - started }
            if listings == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        guard let health, let listings else { throw ToolFailure("the server did not answer within a minute") }
        print(String(format: "cold start to serving: /health after %.2f s, listings read at the log's head after %.2f s (target < 3 s)",
                     health.seconds, listings.seconds))
    }
}
