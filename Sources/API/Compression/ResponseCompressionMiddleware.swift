import CompressNIO
import Foundation
import Hummingbird
import NIOCore

/// Gzips answers worth it: JSON, HTML, CSS, JavaScript and SVG of 1 KiB or more, for clients that accept gzip.
/// A 1,000-seat show's details and seat map are ~150 KB of repetitive JSON and a tenth of that gzipped, which is
/// what keeps the web page's first load small. Other types (PNG, PDF: already compressed) and event streams pass
/// through untouched.
struct ResponseCompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var minimumSize: Int { 1024 }
    /// Bodies are collected to compress them; anything larger than this is left as it is.
    static var maximumSize: Int { 8 << 20 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.acceptsGzip(request), response.headers[.contentEncoding] == nil, Self.isCompressible(response.headers[.contentType]),
              let length = response.body.contentLength, (Self.minimumSize...Self.maximumSize).contains(length)
        else { return response }
        let collector = BodyCollector()
        try await response.body.write(CollectingWriter(collector: collector))
        var plain = collector.buffer
        let compressed = try plain.compress(with: .gzip())
        response.body = ResponseBody(byteBuffer: compressed)
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = String(compressed.readableBytes)
        response.headers[.vary] = "Accept-Encoding"
        return response
    }

    /// Whether `Accept-Encoding` names gzip (and not with `q=0`).
    static func acceptsGzip(_ request: Request) -> Bool {
        request.headers[values: .acceptEncoding].contains { value in
            value.split(separator: ",").contains { entry in
                let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                return parts.first == "gzip" && !parts.dropFirst().contains { $0 == "q=0" || $0 == "q=0.0" }
            }
        }
    }

    static func isCompressible(_ type: String?) -> Bool {
        guard let type = type?.lowercased() else { return false }
        return ["application/json", "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"]
            .contains { type.hasPrefix($0) }
    }
}

/// Where a collected body goes.
private final class BodyCollector: @unchecked Sendable {
    var buffer = ByteBuffer()
}

/// A body writer that keeps what it is given.
private struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
