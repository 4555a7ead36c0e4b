import ArgumentParser
import Foundation
import PostgresLog

/// `tktplz bench http`: durable seat holds per second over HTTP at 64 connections, (a) all on one hot show and
/// (b) spread over 100 shows, each beside the same server's JSON echo route, driven by `wrk`. Rounds alternate
/// echo, hot and spread, each round on fresh shows; the table shows medians. With `--nodes 2` and more, the spread
/// case is routed by show (each node's connections hold on shows of their own) and an "unrouted" case follows, with
/// every node's connections on every show.
struct HTTPBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http", abstract: "Seat holds over HTTP (hot show, 100 shows) against the echo route, with wrk.")

    @Option(help: "Port for the benchmark server.") var port: Int = 5099
    @Option(help: "Concurrent connections.") var connections: Int = 64
    @Option(help: "Seconds per run.") var seconds: Int = 5
    @Option(help: "Rounds (each runs echo, hot and spread once).") var rounds: Int = 3
    @Option(help: "Seats of each round's hot show (and customers): more than one run can hold.") var hotSeats: Int = 60_000
    @Option(help: "Shows of the spread case.") var shows: Int = 100
    @Option(help: "Data directory (default: a fresh temporary one, removed afterwards).") var dataDir: String?
    @Flag(help: "Skip fsync (not the default: the target is durable holds).") var noSync = false
    @Option(help: "A PostgreSQL log (postgres://…) instead of the embedded one; a scratch schema is used.") var log: String?
    @Option(help: "Nodes over the PostgreSQL log, on consecutive ports; wrk spreads the connections over them.") var nodes: Int = 1

    func run() async throws { _ = try await measure() }

    /// Runs the rounds, printing each run and the medians, and answers every run by case (echo, hot, spread).
    func measure() async throws -> [String: [WrkRun]] {
        guard nodes == 1 || log != nil else { throw ValidationError("--nodes needs --log postgres://…") }
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        let bench = try await BenchServer(port: port, dataDir: dataDir, durable: !noSync, logURL: log, schema: String(schema))
        defer { bench.finish() }
        var others: [BenchServer] = []
        for index in 1..<nodes {
            others.append(try await BenchServer(port: port + index, dataDir: nil, durable: !noSync, logURL: log, schema: String(schema)))
        }
        defer { for other in others { other.finish() } }
        let seatsPerShow = hotSeats / shows + 1
        print("seeding \(rounds) × (1 show of \(hotSeats) seats + \(shows) shows of \(seatsPerShow) seats) and \(hotSeats) sessions …")
        for round in 0..<rounds {
            try await BenchShows.seed(prefix: "r\(round)", hotSeats: hotSeats, shows: shows, seatsPerShow: seatsPerShow, log: bench.log)
            // Shows of their own for the unrouted case, so its holds never meet the spread case's.
            if nodes > 1 { try await BenchShows.seed(prefix: "u\(round)", hotSeats: 1, shows: shows, seatsPerShow: seatsPerShow, log: bench.log) }
        }
        let tokens = bench.directory.appendingPathComponent("tokens.txt")
        try await BenchShows.writeTokens(count: hotSeats, signer: bench.sessions, to: tokens)
        let script = bench.directory.appendingPathComponent("hold.lua")
        try HoldScript.lua.write(to: script, atomically: true, encoding: .utf8)
        let running = try await bench.start(durable: !noSync)
        var othersRunning: [Task<Void, any Error>] = []
        for other in others { othersRunning.append(try await other.start(durable: !noSync)) }
        try await Task.sleep(for: .seconds(1))

        var results: [String: [WrkRun]] = [:]
        let bases = (0..<nodes).map { "http://127.0.0.1:\(port + $0)" }
        if let log { print("log: PostgreSQL \(log.split(separator: "@").last ?? "") schema \(schema), \(nodes) node(s) in this process") }
        for round in 0..<rounds {
            // With several nodes, "spread" sends each node's connections to shows of their own (routed by show, as the
            // README says a load balancer should), "unrouted" sends every node's to every show.
            for mode in ["echo", "hot", "spread"] + (nodes > 1 ? ["unrouted"] : []) {
                let prefix = mode == "unrouted" ? "u\(round)" : "r\(round)"
                let run = try WrkRun.together(
                    urls: bases, script: script, arguments: [tokens.path, mode, prefix, String(2 * nodes), String(shows)],
                    connections: connections, seconds: seconds)
                results[mode, default: []].append(run)
                print(String(format: "round %d %-6@ %8.0f/s  p50 %@  p99 %@  failures %d", round + 1, mode as NSString, run.rate,
                             run.p50.milliseconds as NSString, run.p99.milliseconds as NSString, run.failures))
            }
        }
        BenchShows.report(results, connections: connections)
        for (index, server) in ([bench] + others).enumerated() {
            guard let shared = server.log as? PostgresEventLog else { continue }
            let commits = shared.commitStatistics, detours = shared.commitDetours
            print("node \(index + 1): \(commits.commits) commits of \(commits.requests) writes, \(shared.lockedCommits) under the lock "
                + "(calls finding another node's commit \(detours.moved), with a wrong assumption \(detours.stale), "
                + "batches needing reads \(detours.needsLock))")
        }
        running.cancel()
        _ = await running.result
        for other in othersRunning {
            other.cancel()
            _ = await other.result
        }
        return results
    }
}

extension Duration {
    /// Milliseconds with two decimals, for tables.
    var milliseconds: String {
        let (seconds, attoseconds) = components
        return String(format: "%.2f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
