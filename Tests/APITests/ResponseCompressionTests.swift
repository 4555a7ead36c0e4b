import API
import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@Suite("API: gzip for clients that ask")
struct ResponseCompressionTests {
    @Test func aLargeJSONAnswerIsGzippedForAClientThatAcceptsGzipAndDecompressesToTheSameBytes() async throws {
        try await withDemoServer { client, _ in
            let plain = try await client.execute(uri: "/api/event/demo-seated", method: .get) { $0 }
            #expect(plain.headers[.contentEncoding] == nil)
            let zipped = try await client.execute(uri: "/api/event/demo-seated", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"]) { $0 }
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.body.readableBytes * 5 < plain.body.readableBytes)
            var body = zipped.body
            let unzipped = try body.decompress(with: .gzip())
            #expect(unzipped.readableBytes == plain.body.readableBytes)
            // The same document (JSON objects here do not keep their key order from one answer to the next).
            let same = try JSONSerialization.jsonObject(with: Data(buffer: unzipped)) as? NSDictionary
            #expect(same == (try JSONSerialization.jsonObject(with: Data(buffer: plain.body)) as? NSDictionary))
        }
    }

    @Test func smallAnswersRefusedEncodingsAndImagesPassUntouched() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/health", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                #expect(response.headers[.contentEncoding] == nil)
            }
            try await client.execute(uri: "/api/event/demo-seated", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"]) { response in
                #expect(response.headers[.contentEncoding] == nil)
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }
}
