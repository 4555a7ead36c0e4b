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
            throw APIError.bodyTooLarge("the request body is larger than \(limit) bytes")
        }
        let decoded: T
        do {
            decoded = try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError.invalidBody("field \(Self.path(context.codingPath + [key])) is required")
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.isEmpty {
            throw APIError.invalidBody("the body must be a JSON object")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw APIError.invalidBody("field \(Self.path(context.codingPath)) has the wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw APIError.invalidBody("field \(Self.path(context.codingPath)) is malformed")
        } catch {
            // Foundation reports a number too large for its field as invalid JSON without naming the field.
            let bytes = Data(buffer.readableBytesView)
            if let parsed = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) {
                guard let field = Self.outOfRange(parsed, at: "") else {
                    throw APIError.invalidBody("the body is JSON but not what this route takes")
                }
                throw APIError.invalidBody("field \(field) is out of range: whole numbers go up to 9223372036854775807")
            }
            throw APIError.invalidBody("the body is not valid JSON")
        }
        if let duplicate = DuplicateKeys.first(in: buffer.readableBytesView) {
            throw APIError.invalidBody("field \(duplicate) is given twice")
        }
        return decoded
    }

    /// The path of the first number no field can hold (beyond a 64-bit integer), in the same spelling as `path`.
    private static func outOfRange(_ value: Any, at path: String) -> String? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = outOfRange(object[key] as Any, at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = outOfRange(element, at: path.isEmpty ? "[\(index)]" : "\(path).[\(index)]") { return found }
            }
        case let number as NSNumber:
            if !(-9.2e18...9.2e18).contains(number.doubleValue) { return path.isEmpty ? nil : path }
        default:
            break
        }
        return nil
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
