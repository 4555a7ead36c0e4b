import ArgumentParser
import Foundation

/// `tktplz bench scale-out --url postgres://…`: issue 20's figures in one run, on one machine in one state: the
/// PostgreSQL log's appends beside pgbench (`bench postgres`), then holds over HTTP on one LMDB node, one
/// PostgreSQL node and two (`bench http`), and the two targets as ratios of figures from this very run.
struct ScaleOutBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale-out",
        abstract: "Appends beside pgbench, then holds over HTTP on LMDB, one PostgreSQL node and two, in one run.")

    @Option(help: "The PostgreSQL server (scratch schemas are created).") var url: String
    @Option(help: "Seconds per measured round.") var seconds: Int = 3
    @Option(help: "Rounds of each measurement; medians are reported.") var rounds: Int = 3
    @Option(help: "First port of the HTTP benchmark's servers.") var port: Int = 5099
    @Option(help: "Seats of each round's hot show in the HTTP benchmark: more than the fastest node can hold in a run, or its rate is the seat count's.")
    var hotSeats: Int = 30_000
    @Option(help: "Shows of the HTTP benchmark's spread case.") var shows: Int = 20

    func run() async throws {
        print("== appends: the PostgreSQL log beside pgbench ==")
        let appends = try await PostgresBenchCommand.parse(["--url", url, "--seconds", "\(seconds)", "--rounds", "\(rounds)"]).measure()
        let http = ["--seconds", "\(seconds)", "--rounds", "\(rounds)", "--hot-seats", "\(hotSeats)", "--shows", "\(shows)"]
        var holds: [(name: String, runs: [String: [WrkRun]])] = []
        for (index, (name, arguments)) in [("LMDB, 1 node", [String]()), ("PostgreSQL, 1 node", ["--log", url]),
                                           ("PostgreSQL, 2 nodes", ["--log", url, "--nodes", "2"])].enumerated() {
            print("\n== holds over HTTP: \(name) ==")
            let command = try HTTPBenchCommand.parse(http + ["--port", "\(port + 10 * index)"] + arguments)
            holds.append((name, try await command.measure()))
        }

        print("\n== summary (medians of this run) ==")
        print("| appenders | pgbench inserts/s | log appends/s | ratio |")
        print("|---|---|---|---|")
        for comparison in appends {
            print(String(format: "| %d | %@ | %@ | %.2fx%@ |", comparison.appenders, Terminal.grouped(comparison.pgbench) as NSString,
                         Terminal.grouped(comparison.log) as NSString, comparison.ratio, comparison.appenders == 64 ? " (target ≥ 1×)" : ""))
        }
        print("\n| log | echo/s | hot show holds/s | \(shows) shows holds/s | \(shows) shows unrouted | hot p99 | spread p99 | refused (hot, spread, unrouted) |")
        print("|---|---|---|---|---|---|---|---|")
        for (name, runs) in holds {
            print("| \(name) | \(Self.rate(runs["echo"])) | \(Self.rate(runs["hot"])) | \(Self.rate(runs["spread"])) | "
                + "\(runs["unrouted"] == nil ? "–" : Self.rate(runs["unrouted"])) | \(Self.p99(runs["hot"])) | \(Self.p99(runs["spread"])) | "
                + "\(Self.refused(runs["hot"])), \(Self.refused(runs["spread"])), \(Self.refused(runs["unrouted"])) |")
        }
        let lmdb = holds[0].runs, postgres = holds[1].runs
        for mode in ["hot", "spread"] {
            let ratio = Self.median(postgres[mode]) / Self.median(lmdb[mode])
            print(String(format: "one PostgreSQL node / the LMDB node, %@: %.2fx (target ≥ 0.5×)", mode as NSString, ratio))
        }
    }

    private static func median(_ runs: [WrkRun]?) -> Double {
        guard let runs, !runs.isEmpty else { return 0 }
        return runs.map(\.rate).sorted()[runs.count / 2]
    }

    private static func rate(_ runs: [WrkRun]?) -> String { Terminal.grouped(median(runs)) }

    /// Holds answered other than 2xx in all rounds: a seat taken meanwhile (409), or none left if the show ran out.
    private static func refused(_ runs: [WrkRun]?) -> Int { runs?.map(\.failures).reduce(0, +) ?? 0 }

    private static func p99(_ runs: [WrkRun]?) -> String {
        guard let runs, !runs.isEmpty else { return "–" }
        return runs.map(\.p99).sorted()[runs.count / 2].milliseconds
    }
}
