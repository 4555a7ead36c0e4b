public import AsyncHTTPClient
public import Foundation
public import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// Where a delivery is posted: over HTTPS in the server, scripted in tests.
public protocol WebhookTransport: Sendable {
    /// Posts `body` with `headers` to `url`; the endpoint's status, or a throw when there was no answer.
    func post(_ url: String, body: Data, headers: [(String, String)]) async throws -> Int
}

/// Deliveries over HTTPS with async-http-client, ten seconds at most each; what the endpoint answers is not read
/// beyond 64 KiB. Endpoints' certificates are checked against the system's authorities, and also against the PEM
/// file `trusting` names (`WEBHOOK_CA_FILE`: an organizer's private CA, or a test's), set on each request so that
/// the shared client's pool keeps connections apart by the trust they were made with.
public struct HTTPWebhookTransport: WebhookTransport {
    public let client: HTTPClient
    let tls: TLSConfiguration?
    public static let timeout = TimeAmount.seconds(10)

    public init(client: HTTPClient = .shared, trusting caFile: String? = nil) {
        self.client = client
        tls = caFile.map { file in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(file)]
            return tls
        }
    }

    public func post(_ url: String, body: Data, headers: [(String, String)]) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.tlsConfiguration = tls
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: Self.timeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}
