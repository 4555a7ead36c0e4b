import API
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One address cannot hold an unbounded number of `/ws` connections (each costs a task, buffers and room slots).
@Suite("API: WebSocket connections per address")
struct WebSocketLimitTests {
    /// Over the limit the connection is closed at once with 1013 "try again later", counted on `/metrics`.
    @Test func anAddressAtItsLimitIsToldToTryAgainLaterUntilOneOfItsConnectionsCloses() async throws {
        var limits = RateLimitSettings()
        limits.webSocketsPerAddress = 3
        try await withDemoServerStores(.live, rateLimits: limits) { client, _, _ in
            let port = try #require(client.port)
            let open = try (0..<3).map { _ in try SilentClient.webSocket(port: port) }
            // A connection is counted once the server has taken it after its upgrade, a moment after the client
            // reads the 101: under load a fourth can still arrive first, so it is asked again until refused.
            var refusals = 0
            for _ in 0..<20 where refusals == 0 {
                let probe = try SilentClient.webSocketUpgrade(port: port)
                if try Self.closeCode(of: probe) == 1013 {
                    refusals = 1
                } else {
                    probe.close()
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(refusals == 1, "a fourth connection from the address is closed with 1013")
            open[0].close()
            var admitted = false
            for _ in 0..<50 where !admitted {
                try await Task.sleep(for: .milliseconds(50))
                if try Self.closeCode(of: SilentClient.webSocketUpgrade(port: port)) == 1013 { refusals += 1 } else { admitted = true }
            }
            #expect(admitted, "a closed connection gives its place back")
            try await client.execute(uri: "/metrics", method: .get) { response in
                // Every refusal the test heard is counted; under load the server may also refuse a probe the test had
                // already taken for admitted (its count of the closed connection lags), so at least, not exactly.
                let prefix = #"tktplz_rate_limited_total{rule="websocket"} "#
                let line = String(buffer: response.body).split(separator: "\n").first { $0.hasPrefix(prefix) }
                let counted = line.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
                #expect(counted >= Double(refusals) && refusals >= 1, "\(String(describing: line)) against \(refusals) heard")
            }
            withExtendedLifetime(open) {}
        }
    }

    /// The close code the server sent right after upgrading, or `nil` when it kept the connection open.
    private static func closeCode(of client: SilentClient) throws -> Int? {
        var heard = client.hearBytes()
        guard let end = heard.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound,
              String(decoding: heard[..<end], as: UTF8.self).hasPrefix("HTTP/1.1 101") else { throw WebSocketRefusedUpgrade() }
        if heard.count < end + 4 { heard += client.hearBytes(within: 5) }
        // A close frame: opcode 0x8 with FIN, a payload length, then the code in two bytes (big-endian).
        guard heard.count >= end + 4, heard[end] == 0x88 else { return nil }
        return Int(heard[end + 2]) << 8 | Int(heard[end + 3])
    }
}

private struct WebSocketRefusedUpgrade: Error {}
