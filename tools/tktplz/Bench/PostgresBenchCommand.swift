import ArgumentParser
import EventStore
import Foundation
import PostgresLog

/// `tktplz bench postgres --url postgres://…`: the PostgreSQL log's durable appends beside `pgbench` doing a plain
/// insert per transaction on the same server, in alternating rounds (the machine is shared and noisy).
struct PostgresBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Appends/s of the PostgreSQL log at N concurrent appenders beside pgbench's single-insert transactions.",
        discussion: """
            Each round runs pgbench (N clients, one INSERT of a payload of the same size per transaction) and then the \
            log (N appender tasks, each appending one event to its own stream and awaiting the acknowledgement), \
            on the same server; medians of the rounds are reported. pgbench opens one connection per client, so \
            its client count is capped below the server's max_connections; the log's node uses a pool of its own.
            """)

    @Option(help: "The PostgreSQL server (a scratch schema is created and dropped).") var url: String
    @Option(help: "Seconds per measured round.") var seconds: Double = 3
    @Option(help: "Alternating rounds per size; medians are reported.") var rounds: Int = 3
    @Option(help: "Payload bytes per event.") var payload: Int = 200
    @Option(help: "Connections the log's node may open.") var connections: Int = 8
    @Option(parsing: .upToNextOption, help: "Appender counts to measure.") var appenders: [Int] = [1, 64, 1000]

    /// One size's medians: pgbench's inserts and the log's appends per second.
    struct Comparison {
        var appenders: Int
        var pgbench: Double
        var log: Double

        var ratio: Double { log / pgbench }
    }

    func run() async throws { _ = try await measure() }

    /// Runs the rounds, printing each size's medians, and answers them.
    func measure() async throws -> [Comparison] {
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        let pgbench = try Self.pgbench()
        let maxClients = try Self.maxConnections(url) - connections - 10
        let table = "\(schema).pgbench_insert"
        try Self.psql(url, "CREATE SCHEMA \(schema); CREATE TABLE \(table) (id bigserial PRIMARY KEY, payload bytea NOT NULL)")
        defer { _ = try? Self.psql(url, "DROP SCHEMA \(schema) CASCADE") }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-pgbench-\(schema).sql")
        try "INSERT INTO \(table) (payload) VALUES (decode(repeat('78', \(payload)), 'hex'));\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let log = try await PostgresEventLog.open(.init(url: url, schema: String(schema), maximumConnections: connections))
        defer { log.close() }
        print("tktplz bench postgres: \(rounds) alternating rounds of \(seconds) s per size, \(payload)-byte payloads, "
            + "the server's fsync on every commit; medians")
        let duration = Duration.milliseconds(Int64(seconds * 1000))
        var comparisons: [Comparison] = []
        for count in appenders {
            let clients = min(count, maxClients)
            var plain: [Double] = []
            var store: [AppendBenchmark.Result] = []
            var batches: [Double] = []
            let detoursBefore = log.commitDetours
            for _ in 0..<rounds {
                plain.append(try Self.runPgbench(pgbench, url: url, script: script.path, clients: clients, seconds: seconds))
                let before = log.commitStatistics
                store.append(try await AppendBenchmark(log: log, payload: payload).run(appenders: count, for: duration))
                let after = log.commitStatistics
                batches.append(Double(after.requests - before.requests) / Double(max(1, after.commits - before.commits)))
            }
            let tps = plain.sorted()[rounds / 2]
            let median = store.sorted { $0.appendsPerSecond < $1.appendsPerSecond }[rounds / 2]
            print("N = \(count)")
            print("  pgbench, \(clients) clients:  \(Terminal.grouped(tps)) inserts/s (one per transaction)")
            print("  log, \(count) appenders:      \(Terminal.grouped(median.appendsPerSecond)) appends/s  p50 "
                + "\(Self.ms(median.latency.percentile(50)))  p99 \(Self.ms(median.latency.percentile(99)))  "
                + "\(Terminal.grouped(batches.sorted()[rounds / 2])) appends per commit")
            let detours = log.commitDetours
            print("  calls answered moved \(detours.moved - detoursBefore.moved), stale \(detours.stale - detoursBefore.stale); "
                + "batches needing reads \(detours.needsLock - detoursBefore.needsLock) (all rounds)")
            print(String(format: "  ratio:                 %.2fx pgbench", median.appendsPerSecond / tps) + (count == 64 ? " (target >= 1x)" : ""))
            comparisons.append(Comparison(appenders: count, pgbench: tps, log: median.appendsPerSecond))
        }
        return comparisons
    }

    private static func ms(_ milliseconds: Double) -> String { String(format: "%.2f ms", milliseconds) }

    private static func pgbench() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let found = versions.sorted().reversed().map({ "\(root)/\($0)/bin/pgbench" }).first(where: FileManager.default.isExecutableFile) else {
            throw ToolFailure("pgbench is not installed (Debian's postgresql-contrib or postgresql): it is the baseline")
        }
        return found
    }

    private static func maxConnections(_ url: String) throws -> Int {
        Int(try psql(url, "SHOW max_connections").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 100
    }

    @discardableResult
    private static func psql(_ url: String, _ sql: String) throws -> String {
        try run("/usr/bin/psql", [url, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    private static func runPgbench(_ pgbench: String, url: String, script: String, clients: Int, seconds: Double) throws -> Double {
        let output = try run(pgbench, ["-n", "-c", "\(clients)", "-j", "\(min(2, clients))", "-T", "\(Int(seconds.rounded(.up)))", "-f", script, url])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).prefix { $0.isNumber || $0 == "." }) else {
            throw ToolFailure("pgbench said no tps:\n\(output)")
        }
        return tps
    }

    /// Runs a program to its end and answers its output. Spawned with an empty signal mask and default signal
    /// handlers: a child inherits the spawning thread's mask, and this process's threads block signals such as
    /// SIGALRM, which `pgbench -T` waits for (it never ended when started through Foundation's `Process`).
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-bench-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGALRM, SIGINT, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw ToolFailure("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ToolFailure("\(executable) failed (status \(status)): \(text)") }
        return text
    }
}
