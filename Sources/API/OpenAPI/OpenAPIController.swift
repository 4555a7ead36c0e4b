import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3 document describing every route, body and error. Written by hand next to
/// the controllers; a test holds it and the router to each other, route for route.
struct OpenAPIController {
    func addRoutes(to router: Router<some RequestContext>) {
        router.get("openapi.json") { _, _ in
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.bytes())))
            response.headers[.contentType] = "application/json"
            return response
        }
    }
}

/// The document, read once from the API module's resources.
public enum OpenAPIDocument {
    private static let loaded: Result<[UInt8], any Error> = Result {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw APIError.internalFailure("the OpenAPI document is missing from the build")
        }
        return Array(try Data(contentsOf: url))
    }

    public static func bytes() throws -> [UInt8] { try loaded.get() }
}
