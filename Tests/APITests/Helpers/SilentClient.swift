import Foundation
import Glibc

/// A client on a raw TCP connection that says what it is given and then nothing more.
final class SilentClient {
    private let socket: Int32

    /// A WebSocket client that completes the upgrade and then never reads or answers again: a phone that dropped
    /// off the network without closing its connection.
    static func webSocket(port: Int) throws -> SilentClient {
        let client = try webSocketUpgrade(port: port)
        guard client.hear().hasPrefix("HTTP/1.1 101") else { throw POSIXError(.EPROTO) }
        return client
    }

    /// A request whose body never finishes arriving: in flight for as long as the server lets it be.
    static func stalledRequest(port: Int) throws -> SilentClient {
        let client = try SilentClient(port: port)
        client.say("POST /api/auth/user-login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"")
        return client
    }

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func say(_ text: String) {
        _ = text.withCString { send(socket, $0, strlen($0), 0) }
    }

    /// What the server sent next (up to 4 KiB), waiting at most `seconds`; empty when it sent nothing or closed.
    func hear(within seconds: Int = 5) -> String {
        String(decoding: hearBytes(within: seconds), as: UTF8.self)
    }

    /// The same, as bytes (a WebSocket frame is binary).
    func hearBytes(within seconds: Int = 5) -> [UInt8] {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var answer = [UInt8](repeating: 0, count: 4096)
        let count = recv(socket, &answer, answer.count, 0)
        return count > 0 ? Array(answer[..<count]) : []
    }

    /// An upgrade request to `/ws`, without waiting for the answer.
    static func webSocketUpgrade(port: Int) throws -> SilentClient {
        let client = try SilentClient(port: port)
        client.say(upgradeRequest)
        return client
    }

    static let upgradeRequest = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    func close() { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }

    deinit { Glibc.close(socket) }
}

