import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// Malformed bodies, made from the OpenAPI document's own schemas so each route gets ones that are wrong for it:
/// not JSON, the wrong kind of JSON, a field of the wrong type, a required field missing or null, a number no field
/// can hold, a duplicated key with a wrong value, unicode and deeply nested junk, a body longer than any route takes.
struct MalformedBodies {
    let components: [String: Any]
    var random: SeededRandom

    /// The schema behind a `$ref`, or the schema itself.
    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String else { return schema }
        return components[String(reference.split(separator: "/").last ?? "")] as? [String: Any] ?? [:]
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next(upperBound: UInt64(items.count)))] }

    /// A JSON value of another type than `schema` asks for.
    mutating func wrongValue(for schema: [String: Any]) -> String {
        let type = resolve(schema)["type"] as? String ?? "object"
        let candidates: [String] = switch type {
        // Never null: for an optional field null means absent, which is not wrong.
        case "string": ["12345", "true", "[\"a\"]", "{\"a\":1}", "1.5e300"]
        case "integer", "number": ["\"12\"", "true", "[1]", "{}", "99999999999999999999999", "-99999999999999999999999", "1.5"]
        case "boolean": ["\"true\"", "1", "[]"]
        case "array": ["\"a\"", "{}", "7"]
        default: ["\"x\"", "[]", "3"]
        }
        return pick(candidates)
    }

    /// One malformed body for a request whose schema is `schema` (the `kind` picks which way it is wrong).
    mutating func body(for schema: [String: Any], kind: Int) -> String {
        let object = resolve(schema)
        let properties = (object["properties"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }
        let required = object["required"] as? [String] ?? []
        let junkKey = pick(["ü", "\u{0}", "é\u{301}", "𝄞", "a\"b", String(repeating: "k", count: 300)])
        switch kind % 9 {
        case 0: return pick(["{", "{\"a\":", "not json", "\u{FEFF}{}", "{'a':1}", "{\"a\":1,}", "[1,2"])
        case 1: return pick(["[]", "42", "\"text\"", "null", "true", "[{}]"])
        case 2 where !properties.isEmpty:
            // Every field present, one of them of the wrong type.
            let wrong = pick(Array(properties.indices))
            let fields = properties.enumerated().map { index, property in
                "\"\(property.key)\":\(index == wrong ? wrongValue(for: property.value as? [String: Any] ?? [:]) : plausible(property.value))"
            }
            return "{\(fields.joined(separator: ","))}"
        case 3 where !required.isEmpty:
            // A required field missing, or null.
            let dropped = pick(required)
            let fields = properties.filter { $0.key != dropped }.map { "\"\($0.key)\":\(plausible($0.value))" }
                + (pick([true, false]) ? ["\"\(dropped)\":null"] : [])
            return "{\(fields.joined(separator: ","))}"
        case 4 where !properties.isEmpty:
            // The same key twice, the second of the wrong type.
            let property = pick(properties)
            return "{\"\(property.key)\":\(plausible(property.value)),\"\(property.key)\":\(wrongValue(for: property.value as? [String: Any] ?? [:]))}"
        case 5:
            return "{\"\(junkKey)\":" + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}"
        case 6 where !properties.isEmpty:
            // Every field a number far beyond 64 bits.
            return "{\(properties.map { "\"\($0.key)\":1\(String(repeating: "9", count: 40))" }.joined(separator: ","))}"
        case 8:
            // Longer than any route takes (64 KiB): a 413 before anything is read.
            return "{\"\(properties.first?.key ?? "x")\":\"" + String(repeating: "ಅ", count: 30_000) + "\"}"
        default:
            return "{\"\(junkKey)\":\(wrongValue(for: [:])),\"\(properties.first?.key ?? "x")\":{\"\(junkKey)\":[null,\"\u{1F600}\"]}}"
        }
    }

    /// A value of the right type for `schema` (so the body is wrong only where the case says).
    private func plausible(_ schema: Any) -> String {
        let type = resolve(schema as? [String: Any] ?? [:])["type"] as? String ?? "object"
        return switch type {
        case "string": "\"demo-seated\""
        case "integer", "number": "1"
        case "boolean": "true"
        case "array": "[]"
        default: "{}"
        }
    }
}

@Suite("Property: malformed bodies on every write route")
struct MalformedBodyTests {
    /// Every documented route with a JSON request body, as (method, path with demo ids, body schema).
    private static func writeRoutes() throws -> (routes: [(String, String, [String: Any])], components: [String: Any]) {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.bytes())) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var routes: [(String, String, [String: Any])] = []
        for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
            for (method, operation) in operations.sorted(by: { $0.key < $1.key }) {
                guard let operation = operation as? [String: Any], let body = operation["requestBody"] as? [String: Any],
                      let content = body["content"] as? [String: Any], let json = content["application/json"] as? [String: Any],
                      let schema = json["schema"] as? [String: Any] else { continue }
                // `/dev/echo` answers whatever it is sent: that is its job (a development route for benchmarks).
                if path.hasPrefix("/dev/") { continue }
                let concrete = path.replacingOccurrences(of: #"\{[A-Za-z]*[Ee]ventId\}"#, with: "demo-seated", options: .regularExpression)
                    .replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: "demo-thing", options: .regularExpression)
                routes.append((method.uppercased(), concrete, schema))
            }
        }
        return (routes, components)
    }

    @Test func neverA5xxAlwaysTheErrorShapeAndTheLogHeadDoesNotMove() async throws {
        let (routes, components) = try Self.writeRoutes()
        #expect(routes.count > 30, "the document's write routes were found")
        let callers = [try await customer("prop-customer"), try await organizer()]
        var bodies = MalformedBodies(components: components, random: SeededRandom(seed: 0x5EED_B0D1))
        var requests: [(method: String, path: String, body: String)] = []
        for (method, path, schema) in routes {
            for kind in 0..<18 { requests.append((method, path, bodies.body(for: schema, kind: kind))) }
        }
        let all = requests
        let routeCount = routes.count
        try await withDemoServer { client, log in
            let head = try await log.head()
            for (method, path, body) in all {
                for headers in callers {
                    try await client.execute(uri: path, method: HTTPRequest.Method(method)!, headers: headers, body: ByteBuffer(string: body)) { response in
                        #expect((400..<500).contains(response.status.code), "\(method) \(path) answered \(response.status.code) to \(body.prefix(200))")
                        let error = try? decode(ErrorBody.self, response).error
                        #expect(error.map { !$0.code.isEmpty && !$0.message.isEmpty } == true,
                                "\(method) \(path): not the error shape: \(String(buffer: response.body).prefix(200))")
                    }
                }
            }
            #expect(try await log.head() == head, "a malformed body appended something")
            print("malformed bodies: \(all.count * callers.count) requests over \(routeCount) write routes")
        }
    }
}
