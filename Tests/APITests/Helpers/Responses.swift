import Foundation
import HummingbirdTesting
import NIOCore

/// The API's error body, `{"error":{"code","message"}}`.
struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
    }
    var error: Detail
}

/// A response's JSON body as `T`.
func decode<T: Decodable>(_: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(String(buffer: response.body).utf8))
}
