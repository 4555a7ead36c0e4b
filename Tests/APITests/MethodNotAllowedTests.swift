import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A path that exists asked with a method it does not answer is a 405 naming the methods it does, not a 404.
@Suite("API: wrong methods")
struct MethodNotAllowedTests {
    @Test(arguments: [
        ("/api/booking/hold", HTTPRequest.Method.get, "POST"),
        ("/api/event/demo-seated/seats", .delete, "GET"),
        ("/api/auth/logout", .put, "GET, POST"),
    ])
    func aKnownPathWithTheWrongMethodIs405WithAllow(path: String, method: HTTPRequest.Method, allow: String) async throws {
        try await withDemoServer { client, log in
            let head = try await log.head()
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "method_not_allowed")
                #expect(error.message.contains(allow))
            }
            #expect(try await log.head() == head)
        }
    }

    @Test func anUnknownPathIsStill404() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/no-such-thing", method: .post) { response throws in
                #expect(response.status == .notFound)
                #expect(try decode(ErrorBody.self, response).error.code == "not_found")
            }
        }
    }
}
