import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// `tktplz bench drive`: the load generator of `tktplz bench checkout`, run as its own process so it does not
/// share the server's threads. `connections` customers in parallel either hold one seat each, over and over
/// (`hold`), or buy one seat each end to end: hold → order → sandbox payment → verify (`checkout`). Prints one line:
/// `completed N failures F seconds S p50 X p99 Y` (milliseconds, per hold or per whole purchase).
struct CheckoutDriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drive", abstract: "Load generator of `bench checkout` (internal).",
                                                    shouldDisplay: false)

    @Option var url: String
    @Option var tokens: String
    @Option var show: String
    @Option var mode: String
    @Option var connections: Int = 64
    @Option var seconds: Int = 5

    func run() async throws {
        let sessions = try String(contentsOfFile: tokens, encoding: .utf8).split(separator: "\n").map(String.init)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let next = Counter()
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let (completed, failures, latencies) = await withTaskGroup(of: (Int, Int, LatencySample).self) { group in
            for _ in 0..<connections {
                group.addTask {
                    var (done, failed, sample) = (0, 0, LatencySample())
                    while ContinuousClock.now < deadline {
                        let index = next.value.add(1, ordering: .relaxed).oldValue
                        guard index < sessions.count else { break }
                        let begun = ContinuousClock.now
                        do {
                            try await purchase(seat: "S\(index)", token: sessions[index], client: client)
                            done += 1
                            sample.add(ContinuousClock.now - begun)
                        } catch {
                            failed += 1
                        }
                    }
                    return (done, failed, sample)
                }
            }
            return await group.reduce(into: (0, 0, LatencySample())) { total, part in
                total.0 += part.0
                total.1 += part.1
                total.2.merge(part.2)
            }
        }
        let elapsed = ContinuousClock.now - started
        try await client.shutdown()
        print(String(format: "completed %d failures %d seconds %.3f p50 %.3f p99 %.3f", completed, failures,
                     Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                     latencies.percentile(50), latencies.percentile(99)))
    }

    /// The next customer (and seat), shared by the parallel customers.
    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private struct Held: Decodable { var bookingId: String }
    private struct Order: Decodable { var orderId: String }
    private struct Paid: Decodable { var razorpay_order_id: String; var razorpay_payment_id: String; var razorpay_signature: String }

    private func purchase(seat: String, token: String, client: HTTPClient) async throws {
        let held: Held = try await post("/api/booking/hold", #"{"eventId":"\#(show)","seats":["\#(seat)"]}"#, token: token, client)
        guard mode == "checkout" else { return }
        let order: Order = try await post("/api/payment/order", #"{"bookingId":"\#(held.bookingId)"}"#, token: token, client)
        let paid: Paid = try await post("/sandbox/checkout/\(order.orderId)/pay", #"{"outcome":"succeed"}"#, token: nil, client)
        struct Confirmed: Decodable { var status: String }
        let confirmed: Confirmed = try await post("/api/payment/verify", """
            {"bookingId":"\(held.bookingId)","razorpay_order_id":"\(paid.razorpay_order_id)",\
            "razorpay_payment_id":"\(paid.razorpay_payment_id)","razorpay_signature":"\(paid.razorpay_signature)"}
            """, token: token, client)
        guard confirmed.status == "confirmed" else { throw ToolFailure("booking \(held.bookingId) is \(confirmed.status)") }
    }

    private func post<Answer: Decodable>(_ path: String, _ json: String, token: String?, _ client: HTTPClient) async throws -> Answer {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw ToolFailure("\(path) answered \(response.status.code): \(String(buffer: body))") }
        return try JSONDecoder().decode(Answer.self, from: body)
    }
}
