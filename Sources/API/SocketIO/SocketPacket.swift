import Foundation

/// One Socket.IO v5 packet, as its default parser writes it inside an Engine.IO message:
/// `<type>[<attachments>-][<namespace>,][<ack id>][JSON]`, the namespace left out when it is `/`.
struct SocketPacket: Equatable, Sendable {
    enum Kind: Character, Sendable {
        case connect = "0"
        case disconnect = "1"
        case event = "2"
        case ack = "3"
        case connectError = "4"
        case binaryEvent = "5"
        case binaryAck = "6"
    }

    var kind: Kind
    var namespace: String = "/"
    var ackID: UInt64?
    /// The payload's JSON text, as sent (an object for connects and errors, an array for events and acks).
    var json: String?

    struct Invalid: Error, Equatable {
        var message: String
    }

    var text: String {
        var text = String(kind.rawValue)
        if namespace != "/" { text += namespace + "," }
        if let ackID { text += String(ackID) }
        if let json { text += json }
        return text
    }

    static func parse(_ text: String) throws(Invalid) -> SocketPacket {
        var rest = Substring(text)
        guard let first = rest.popFirst(), let kind = Kind(rawValue: first) else {
            throw Invalid(message: "not a Socket.IO packet type: \(text.prefix(1))")
        }
        if kind == .binaryEvent || kind == .binaryAck {
            // The count of attachments that follow in binary frames; this server takes no binary data.
            throw Invalid(message: "binary events are not accepted here: send JSON")
        }
        var packet = SocketPacket(kind: kind)
        if rest.first == "/" {
            guard let comma = rest.firstIndex(of: ",") else {
                // `1/admin` without its comma still names the namespace in the reference parser.
                packet.namespace = String(rest)
                return packet
            }
            packet.namespace = String(rest[..<comma])
            rest = rest[rest.index(after: comma)...]
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty {
            guard digits.count <= 15, let id = UInt64(digits) else { throw Invalid(message: "an acknowledgement id is too long") }
            packet.ackID = id
            rest = rest.dropFirst(digits.count)
        }
        if !rest.isEmpty { packet.json = String(rest) }
        return packet
    }
}
