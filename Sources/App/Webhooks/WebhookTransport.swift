public import AsyncHTTPClient
public import Foundation
public import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Where a delivery is posted: over HTTPS in the server, scripted in tests.
public protocol WebhookTransport: Sendable {
    /// Posts `body` with `headers` to `url`; the endpoint's status, or a throw when there was no answer.
    func post(_ url: String, body: Data, headers: [(String, String)]) async throws -> Int
}

/// Deliveries over HTTPS with async-http-client, ten seconds at most each; what the endpoint answers is not read
/// beyond 64 KiB.
public struct HTTPWebhookTransport: WebhookTransport {
    public let client: HTTPClient
    public static let timeout = TimeAmount.seconds(10)

    public init(client: HTTPClient = .shared) { self.client = client }

    public func post(_ url: String, body: Data, headers: [(String, String)]) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: Self.timeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}
