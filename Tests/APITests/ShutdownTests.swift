import API
import Domain
import EventStore
import Foundation
import Glibc
import Testing
import TestSupport

/// A client on a raw TCP connection that says what it is given and then nothing more.
private final class SilentClient {
    private let socket: Int32

    /// A WebSocket client that completes the upgrade and then never reads or answers again: a phone that dropped
    /// off the network without closing its connection.
    static func webSocket(port: Int) throws -> SilentClient {
        let client = try SilentClient(port: port)
        let upgrade = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        client.say(upgrade)
        var answer = [UInt8](repeating: 0, count: 1024)
        let count = recv(client.socket, &answer, answer.count, 0)
        guard count > 0, String(decoding: answer[..<count], as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw POSIXError(.EPROTO)
        }
        return client
    }

    /// A request whose body never finishes arriving: in flight for as long as the server lets it be.
    static func stalledRequest(port: Int) throws -> SilentClient {
        let client = try SilentClient(port: port)
        client.say("POST /api/auth/user-login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"")
        return client
    }

    private init(port: Int) throws {
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

    private func say(_ text: String) {
        _ = text.withCString { send(socket, $0, strlen($0), 0) }
    }

    deinit { close(socket) }
}

@Suite("Faults: SIGTERM with clients that never answer")
struct ShutdownTests {
    /// A silent WebSocket client and a request stuck half-way through its body, both held open through SIGTERM:
    /// the process still exits within 10 s, and a timer falling due while it shuts down does not fire.
    @Test(.timeLimit(.minutes(2)))
    func theServerExitsWithinTheBoundAndNoTimerFiresOnceShutdownHasBegun() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-shutdown-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A timer falling due a second after SIGTERM, while the server is still shutting down.
        let probe = HoldExpiryDue(show: ShowID("demo-seated"), booking: BookingID("booking-shutdown-probe"),
                                  expiresAt: Instant.now().adding(.seconds(8)))
        do {
            let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path))
            try await log.schedule(try probe.scheduled())
            log.close()
        }
        let server = try await ServerProcess.start(dataDirectory: directory)
        let clients = [try SilentClient.webSocket(port: server.port), try SilentClient.stalledRequest(port: server.port)]
        let due = ContinuousClock.now + .milliseconds(Int(probe.expiresAt.rawValue - Instant.now().rawValue))
        try await Task.sleep(until: due - .seconds(1))
        let signalled = ContinuousClock.now
        await server.stop()
        let took = ContinuousClock.now - signalled
        withExtendedLifetime(clients) {}
        print("shutdown with a silent WebSocket client and a stalled request took \(took)")
        #expect(took < .seconds(10), "SIGTERM took \(took)")
        #expect(server.exitStatus == 0)
        #expect(ContinuousClock.now > due, "the shutdown outlasted the timer's due time, so the test tried what it names")
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
        defer { log.close() }
        let fired = try await log.history(of: try StreamName(category: HoldExpiryDue.category, id: "booking-shutdown-probe"))
        #expect(fired.isEmpty, "a timer fired after shutdown had begun")
        #expect(try await log.nextDueTime() != nil, "the timer is still pending, for the next start")
    }
}
