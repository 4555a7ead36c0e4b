import Foundation
import Synchronization

/// One run of `wrk` (from Debian's package) against the server, and what it reported.
struct WrkRun {
    var requests: Int
    var failures: Int
    var seconds: Double
    var p50: Duration
    var p99: Duration

    /// Successful requests per second (non-2xx answers do not count).
    var rate: Double { Double(requests - failures) / seconds }

    /// Runs `wrk` with `script` and its arguments for `seconds` at `connections`, and parses its report.
    static func run(url: String, script: URL, arguments: [String], connections: Int, seconds: Int) throws -> WrkRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wrk", "-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script.path, url, "--"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw ToolFailure("cannot run wrk (apt-get install -y wrk): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let run = parse(text) else { throw ToolFailure("wrk failed:\n\(text)") }
        return run
    }

    /// One `wrk` per URL at once (several nodes), the connections shared out, each told the number of its first
    /// thread; the requests add up, the slower latencies stand.
    static func together(urls: [String], script: URL, arguments: [String], connections: Int, seconds: Int) throws -> WrkRun {
        guard urls.count > 1 else { return try run(url: urls[0], script: script, arguments: arguments, connections: connections, seconds: seconds) }
        let results = Mutex<[Result<WrkRun, any Error>]>([])
        let group = DispatchGroup()
        for (index, url) in urls.enumerated() {
            group.enter()
            Thread {
                let outcome = Result { try run(url: url, script: script, arguments: arguments + [String(2 * index)],
                                                connections: connections / urls.count, seconds: seconds) }
                results.withLock { $0.append(outcome) }
                group.leave()
            }.start()
        }
        group.wait()
        let runs = try results.withLock { $0 }.map { try $0.get() }
        return WrkRun(requests: runs.reduce(0) { $0 + $1.requests }, failures: runs.reduce(0) { $0 + $1.failures },
                      seconds: runs.map(\.seconds).max() ?? 0, p50: runs.map(\.p50).max() ?? .zero, p99: runs.map(\.p99).max() ?? .zero)
    }

    /// Reads `N requests in Ts`, `Non-2xx or 3xx responses: N` and the 50% / 99% latency lines.
    static func parse(_ text: String) -> WrkRun? {
        var requests: Int?
        var seconds: Double?
        var failures = 0
        var p50: Duration?
        var p99: Duration?
        for raw in text.split(separator: "\n") {
            let words = raw.split(separator: " ", omittingEmptySubsequences: true)
            if words.count >= 4, words[1] == "requests", words[2] == "in" {
                requests = Int(words[0])
                seconds = Double(words[3].trimmingCharacters(in: CharacterSet(charactersIn: "s,")))
            } else if raw.contains("Non-2xx or 3xx responses:"), let last = words.last {
                failures = Int(last) ?? 0
            } else if words.count == 2, words[0] == "50%" {
                p50 = duration(String(words[1]))
            } else if words.count == 2, words[0] == "99%" {
                p99 = duration(String(words[1]))
            }
        }
        guard let requests, let seconds, let p50, let p99 else { return nil }
        return WrkRun(requests: requests, failures: failures, seconds: seconds, p50: p50, p99: p99)
    }

    /// `812.00us`, `1.23ms`, `2.01s`.
    static func duration(_ text: String) -> Duration? {
        for (suffix, scale) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0)] where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)) else { return nil }
            return .nanoseconds(Int64(value * scale * 1e9))
        }
        return nil
    }
}
