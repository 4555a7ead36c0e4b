import API
import App
import ArgumentParser
import AsyncHTTPClient
import Domain
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// `tktplz bench fanout`: how long one seat change takes to reach every client in a room. `--clients` WebSocket
/// clients join one show's room; then `--changes` holds are made over HTTP one after another, and each client
/// notes when each `seats-locked` arrives. Latency is from just before the hold request to the arrival.
struct FanoutBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout", abstract: "Time for one seat change to reach every WebSocket client in a room.")

    @Option(help: "Port for the benchmark server.") var port: Int = 5098
    @Option(help: "WebSocket clients in the room.") var clients: Int = 2000
    @Option(help: "Seat changes to time.") var changes: Int = 20
    @Option(help: "Pause between changes, in milliseconds.") var pause: Int = 250
    @Option(help: "Data directory (default: a fresh temporary one, removed afterwards).") var dataDir: String?

    func run() async throws {
        let bench = try await BenchServer(port: port, dataDir: dataDir, durable: true)
        defer { bench.finish() }
        try await BenchShows.seed(prefix: "fan", hotSeats: changes, shows: 0, seatsPerShow: 0, log: bench.log)
        let running = try await bench.start(durable: true)
        try await Task.sleep(for: .seconds(1))

        let clock = ContinuousClock()
        let record = Record(changes: changes)
        let url = "ws://127.0.0.1:\(port)/ws"
        let changes = changes
        print("connecting \(clients) clients …")
        let listeners = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<clients {
                    group.addTask {
                        try await WebSocketClient.connect(url: url, logger: Logger(label: "fanout")) { inbound, outbound, _ in
                            try await outbound.write(.text(#"{"type":"join","eventId":"fan-hot"}"#))
                            var received = 0
                            for try await message in inbound.messages(maxSize: 1 << 16) {
                                guard case .text(let text) = message else { continue }
                                let now = clock.now
                                if text.contains(#""type":"joined""#) {
                                    record.joined.add(1, ordering: .relaxed)
                                    continue
                                }
                                guard let change = Self.seatNumber(in: text), let sent = record.sentAt.withLock({ $0[change] }) else { continue }
                                record.arrivals.withLock { $0.append(now - sent) }
                                received += 1
                                if received == changes { return }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let deadline = clock.now.advanced(by: .seconds(120))
        while record.joined.load(ordering: .relaxed) < clients {
            guard clock.now < deadline else { throw ToolFailure("only \(record.joined.load(ordering: .relaxed)) of \(clients) clients joined") }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("\(clients) clients in the room; making \(changes) holds …")
        for change in 0..<changes {
            let token = try await bench.sessions.issue(for: Identity(role: .customer, id: "fan-c\(change)", email: "f\(change)@bench.tktplz"))
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/booking/hold")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"eventId":"fan-hot","seats":["S\#(change)"]}"#))
            record.sentAt.withLock { $0[change] = clock.now }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            guard response.status == .ok else { throw ToolFailure("hold \(change) answered \(response.status)") }
            try await Task.sleep(for: .milliseconds(pause))
        }
        let finished = Task { try await listeners.value }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await finished.value }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                listeners.cancel()
            }
            try await group.next()
            group.cancelAll()
        }
        let latencies = record.arrivals.withLock { $0 }.sorted()
        let expected = clients * changes
        func percentile(_ p: Double) -> Duration { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        guard !latencies.isEmpty else { throw ToolFailure("no client received anything") }
        print("\nfan-out to \(clients) clients, \(changes) changes (target: p99 < 100 ms):")
        print("| deliveries | p50 | p99 | max |")
        print("|---|---|---|---|")
        print("| \(latencies.count) of \(expected) | \(percentile(0.5).milliseconds) | \(percentile(0.99).milliseconds) | \(latencies.last!.milliseconds) |")
        running.cancel()
        _ = await running.result
    }

    /// What the clients and the driver share: when each change was sent, each arrival's latency, who joined.
    final class Record: Sendable {
        let sentAt: Mutex<[ContinuousClock.Instant?]>
        let arrivals = Mutex<[Duration]>([])
        let joined = Atomic<Int>(0)
        init(changes: Int) { sentAt = Mutex(Array(repeating: nil, count: changes)) }
    }

    /// The number of the seat (`S12` → 12) a `seats-locked` frame names.
    static func seatNumber(in text: String) -> Int? {
        guard text.contains(#""type":"seats-locked""#), let range = text.range(of: #""seats":["S"#) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}
