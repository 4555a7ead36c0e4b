import Foundation

/// One Engine.IO v4 packet: a type digit and its data. What Socket.IO runs on, below its own packets.
enum EnginePacket: Equatable, Sendable {
    /// The handshake: the session's id, upgrades and timings as JSON.
    case open(String)
    case close
    case ping(String)
    case pong(String)
    /// Text carried for the layer above (Socket.IO's packets).
    case message(String)
    /// Binary data for the layer above: base64 with a `b` in front over polling, a binary frame over WebSocket.
    case binary(Data)
    case upgrade
    case noop

    struct Invalid: Error, Equatable {
        var message: String
    }

    /// The packet's text: its type digit and its data.
    var text: String {
        switch self {
        case .open(let handshake): "0" + handshake
        case .close: "1"
        case .ping(let data): "2" + data
        case .pong(let data): "3" + data
        case .message(let data): "4" + data
        case .binary(let data): "b" + data.base64EncodedString()
        case .upgrade: "5"
        case .noop: "6"
        }
    }

    /// A packet from its text (one WebSocket text frame, or one record of a polling payload).
    static func parse(_ text: Substring) throws(Invalid) -> EnginePacket {
        guard let type = text.first else { throw Invalid(message: "an empty packet") }
        let data = String(text.dropFirst())
        switch type {
        case "0": return .open(data)
        case "1": return .close
        case "2": return .ping(data)
        case "3": return .pong(data)
        case "4": return .message(data)
        case "5": return .upgrade
        case "6": return .noop
        case "b":
            guard let bytes = Data(base64Encoded: data) else { throw Invalid(message: "a binary packet that is not base64") }
            return .binary(bytes)
        default: throw Invalid(message: "no packet type \(type)")
        }
    }
}

/// A polling request's or answer's body: packets separated by the record separator (0x1E), which text data never
/// holds.
enum EnginePayload {
    static let separator: Character = "\u{1E}"

    static func encode(_ packets: [EnginePacket]) -> String {
        packets.map(\.text).joined(separator: String(separator))
    }

    static func decode(_ body: String) throws(EnginePacket.Invalid) -> [EnginePacket] {
        var packets: [EnginePacket] = []
        for record in body.split(separator: separator, omittingEmptySubsequences: false) {
            packets.append(try EnginePacket.parse(record))
        }
        return packets
    }
}
