import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation

/// The shows and sessions `tktplz bench http` holds seats with, and its report.
enum BenchShows {
    /// One hot show (`PREFIX-hot`) and `shows` others (`PREFIX-0` …), approved, seats `S0` … at a flat price.
    static func seed(prefix: String, hotSeats: Int, shows: Int, seatsPerShow: Int, log: any EventLog) async throws {
        let handler = CommandHandler<Show>(log: log)
        let now = Instant.now()
        func configuration(_ title: String, seats: Int) -> ShowConfiguration {
            ShowConfiguration(
                organizer: DemoData.organizer, kind: .seating, details: ShowDetails(title: title, city: "Pune"),
                schedule: ShowSchedule(start: now.adding(.hours(72)), end: now.adding(.hours(75))),
                inventory: .seated(SeatedInventory(
                    seats: Dictionary(uniqueKeysWithValues: (0..<seats).map { (SeatID("S\($0)"), "regular") }), pricing: .flat(.major(200)))))
        }
        let all = [("\(prefix)-hot", hotSeats)] + (0..<shows).map { ("\(prefix)-\($0)", seatsPerShow) }
        for (id, seats) in all {
            let stream = try Show.stream(ShowID(id))
            for command: Show.Command in [.draft(configuration(id, seats: seats)), .submit(by: DemoData.organizer), .approve(by: DemoData.admin)] {
                _ = try await handler.handle(command, on: stream)
            }
        }
    }

    /// One customer session per line.
    static func writeTokens(count: Int, signer: SessionSigner, to file: URL) async throws {
        var lines: [String] = []
        lines.reserveCapacity(count)
        for index in 0..<count {
            lines.append(try await signer.issue(for: Identity(role: .customer, id: "bench-c\(index)", email: "c\(index)@bench.tktplz")))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    static func report(_ results: [String: [WrkRun]], connections: Int) {
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func medianDuration(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }
        guard let echo = results["echo"], !echo.isEmpty else { return }
        let echoRate = median(echo.map(\.rate))
        print("\nmedians at \(connections) connections (target: holds ≥ 0.6× echo, p99 < 15 ms):")
        print("| case | requests/s | p50 | p99 | failures | ratio to echo |")
        print("|---|---|---|---|---|---|")
        for mode in ["echo", "hot", "spread", "unrouted"] {
            guard let runs = results[mode], !runs.isEmpty else { continue }
            let rate = median(runs.map(\.rate))
            print(String(format: "| %@ | %.0f | %@ | %@ | %d | %.2fx |", mode as NSString, rate,
                         medianDuration(runs.map(\.p50)).milliseconds as NSString, medianDuration(runs.map(\.p99)).milliseconds as NSString,
                         runs.map(\.failures).reduce(0, +), rate / echoRate))
        }
    }
}
