import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One plain request for a benchmark's probes: the status code, or nil when nothing answers yet.
enum BenchHTTP {
    static func status(_ url: String) async throws -> Int? {
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 24)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }
}
