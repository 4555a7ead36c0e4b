import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Testing

@Suite("API: the OpenAPI document and the router agree")
struct OpenAPIDocumentTests {
    private struct Document: Decodable {
        var openapi: String
        var paths: [String: [String: Operation]]
        struct Operation: Decodable {
            var responses: [String: Response]
            struct Response: Decodable { var description: String }
        }
    }

    private static let methods: Set<String> = ["get", "post", "put", "patch", "delete"]

    /// Every route of a development server (which has every route there is), as `METHOD /path`.
    private func serverRoutes() async throws -> Set<String> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        let settings = ServerSettings(host: "127.0.0.1", port: 0, dataDirectory: directory, development: true)
        let server = try await Server(
            settings: settings, log: log,
            projections: try ProjectionStore(path: directory.appendingPathComponent("projections").path, durable: false),
            sessions: try await SessionSigner(secret: testSecret), codeKey: "test", logger: Logger(label: "test"))
        return Set(server.routes)
    }

    private func documentedRoutes() throws -> Set<String> {
        let document = try JSONDecoder().decode(Document.self, from: Data(try OpenAPIDocument.bytes()))
        #expect(document.openapi.hasPrefix("3."))
        return Set(document.paths.flatMap { path, operations in
            operations.keys.filter(Self.methods.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test func everyRegisteredRouteIsDocumented() async throws {
        let undocumented = try await serverRoutes().subtracting(try documentedRoutes())
        #expect(undocumented.isEmpty, "routes missing from openapi.json: \(undocumented.sorted())")
    }

    @Test func everyDocumentedRouteExists() async throws {
        let missing = try documentedRoutes().subtracting(try await serverRoutes())
        #expect(missing.isEmpty, "documented routes the server does not have: \(missing.sorted())")
    }

    @Test func everyOperationDocumentsASuccessAndEveryGuardedOneItsErrors() throws {
        let document = try JSONDecoder().decode(Document.self, from: Data(try OpenAPIDocument.bytes()))
        for (path, operations) in document.paths {
            for (method, operation) in operations where Self.methods.contains(method) {
                // A sign-in that ends in the browser succeeds with a redirect (303).
                #expect(operation.responses.keys.contains { $0.hasPrefix("2") || $0 == "101" || $0 == "303" }, "\(method) \(path) has no success response")
            }
        }
    }

    @Test func theServerServesTheDocument() async throws {
        try await withDemoServer { client, _ in
            let document = try OpenAPIDocument.bytes()
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(Array(response.body.readableBytesView) == document)
            }
        }
    }
}
