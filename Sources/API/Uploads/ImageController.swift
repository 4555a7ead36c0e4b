import App
import Hummingbird
import NIOCore

/// `GET /api/images/:name`: a stored image. Its name is its content's hash, so it is cached for a year as immutable.
struct ImageController {
    let images: ImageStore

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/images/:name") { _, context -> Response in
            let name = try context.parameters.id("name")
            guard let (bytes, kind) = try await images.load(name) else { throw APIError.notFound("image \(name)") }
            return Response(status: .ok, headers: [.contentType: kind.contentType, .cacheControl: "public, max-age=31536000, immutable"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
