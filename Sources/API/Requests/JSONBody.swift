import Foundation
import Hummingbird

extension Request {
    /// The JSON body decoded as `T`, or a 400 that names what is wrong: malformed JSON, a missing field, a field
    /// of the wrong type. Bodies are capped at `limit` bytes (413 beyond).
    func json<T: Decodable>(_: T.Type, limit: Int = 64 << 10) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError(.badRequest, code: "invalid_body", "field \(Self.path(context.codingPath + [key])) is required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw APIError(.badRequest, code: "invalid_body", "field \(Self.path(context.codingPath)) has the wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw APIError(.badRequest, code: "invalid_body", "field \(Self.path(context.codingPath)) is malformed")
        } catch {
            // Foundation reports a number too large for its field as invalid JSON without naming the field.
            let bytes = Data(buffer.readableBytesView)
            if (try? JSONSerialization.jsonObject(with: bytes)) != nil {
                throw APIError(.badRequest, code: "invalid_body", "a number in the body is out of range for its field")
            }
            throw APIError(.badRequest, code: "invalid_body", "the body is not valid JSON")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
