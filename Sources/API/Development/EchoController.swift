import Hummingbird
import NIOCore

/// `POST /dev/echo`: decodes a small JSON body and returns it. Development only: the baseline of `tktplz bench
/// http`, the same server doing the same HTTP and JSON work without the log behind it.
struct EchoController {
    func addRoutes(to router: Router<some RequestContext>) {
        router.post("dev/echo") { request, _ in
            Echo(body: try await request.json([String: JSONValue].self))
        }
    }

    struct Echo: ResponseEncodable {
        var body: [String: JSONValue]
    }
}

/// Any JSON value, to echo a body without knowing its shape.
indirect enum JSONValue: Codable, Sendable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
