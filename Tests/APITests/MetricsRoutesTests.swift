import API
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("API: /metrics")
struct MetricsRoutesTests {
    /// The value of the sample whose line starts with `prefix`.
    private func sample(_ prefix: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func commandsRejectionsAppendsAndLagAreExposedInPrometheusFormat() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        try await withDemoServer { client, _ in
            let body = ByteBuffer(string: #"{"eventId":"demo-seated","seats":["A1"]}"#)
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: asha, body: body) { _ in }
            try await client.execute(uri: "/api/booking/hold", method: .post, headers: ravi, body: body) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(sample(#"tktplz_commands_total{aggregate="show"}"#, in: text) == 2)
                #expect(sample(#"tktplz_command_rejections_total{aggregate="show"}"#, in: text) == 1)
                #expect(sample(#"tktplz_commands_total{aggregate="booking"}"#, in: text) == 1)
                #expect(sample("tktplz_log_appends", in: text).map { $0 >= 2 } == true)
                #expect(sample(#"tktplz_projection_lag{projection="show-availability"}"#, in: text) != nil)
                #expect(sample("tktplz_websocket_open", in: text) == 0)
            }
        }
    }
}
