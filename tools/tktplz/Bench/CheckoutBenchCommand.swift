import ArgumentParser
import Foundation

/// `tktplz bench checkout`: confirmed bookings per second end to end (hold → order → sandbox payment → verify) at
/// 64 connections, beside plain durable holds driven the same way in the same run. The load comes from a child
/// process (`tktplz bench drive`) so it does not share the server's threads; rounds alternate the two cases.
struct CheckoutBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout", abstract: "Confirmed bookings per second end to end, beside plain holds.")

    @Option(help: "Port for the benchmark server.") var port: Int = 5098
    @Option(help: "Concurrent customers.") var connections: Int = 64
    @Option(help: "Seconds per run.") var seconds: Int = 5
    @Option(help: "Rounds (each runs holds and checkouts once).") var rounds: Int = 3
    @Option(help: "Seats (and customers) per show: more than one run can use.") var seats: Int = 30_000
    @Option(help: "Data directory (default: a fresh temporary one, removed afterwards).") var dataDir: String?

    func run() async throws {
        let bench = try await BenchServer(port: port, dataDir: dataDir, durable: true)
        defer { bench.finish() }
        print("seeding \(rounds * 2) shows of \(seats) seats and \(seats) sessions …")
        for round in 0..<rounds {
            for mode in ["hold", "checkout"] {
                try await BenchShows.seed(prefix: "\(mode)\(round)", hotSeats: seats, shows: 0, seatsPerShow: 0, log: bench.log)
            }
        }
        let tokens = bench.directory.appendingPathComponent("tokens.txt")
        try await BenchShows.writeTokens(count: seats, signer: bench.sessions, to: tokens)
        let running = try await bench.start(durable: true)
        try await Task.sleep(for: .seconds(1))

        var results: [String: [DriveRun]] = [:]
        for round in 0..<rounds {
            for mode in ["hold", "checkout"] {
                let run = try DriveRun.run(url: "http://127.0.0.1:\(port)", tokens: tokens, show: "\(mode)\(round)-hot", mode: mode,
                                           connections: connections, seconds: seconds)
                results[mode, default: []].append(run)
                print(String(format: "round %d %-8@ %7.0f/s  p50 %.2f ms  p99 %.2f ms  failures %d", round + 1, mode as NSString,
                             run.rate, run.p50, run.p99, run.failures))
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let holdRate = median(results["hold"]?.map(\.rate) ?? [0])
        print("\nmedians at \(connections) connections (a checkout is four requests: hold, order, pay, verify):")
        print("| case | per second | p50 | p99 | failures | ratio to holds |")
        print("|---|---|---|---|---|---|")
        for mode in ["hold", "checkout"] {
            guard let runs = results[mode] else { continue }
            let rate = median(runs.map(\.rate))
            print(String(format: "| %@ | %.0f | %.2f ms | %.2f ms | %d | %.2fx |", mode as NSString, rate, median(runs.map(\.p50)),
                         median(runs.map(\.p99)), runs.map(\.failures).reduce(0, +), rate / holdRate))
        }
        running.cancel()
        _ = await running.result
    }
}

/// One run of the `bench drive` child process and what it printed.
struct DriveRun {
    var completed: Int
    var failures: Int
    var seconds: Double
    var p50: Double
    var p99: Double
    var rate: Double { Double(completed) / seconds }

    static func run(url: String, tokens: URL, show: String, mode: String, connections: Int, seconds: Int) throws -> DriveRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["bench", "drive", "--url", url, "--tokens", tokens.path, "--show", show, "--mode", mode,
                             "--connections", "\(connections)", "--seconds", "\(seconds)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let words = text.split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, words.count >= 10, let completed = Int(words[1]), let failures = Int(words[3]),
              let elapsed = Double(words[5]), let p50 = Double(words[7]), let p99 = Double(words[9])
        else { throw ToolFailure("bench drive failed: \(text)") }
        return DriveRun(completed: completed, failures: failures, seconds: elapsed, p50: p50, p99: p99)
    }
}
