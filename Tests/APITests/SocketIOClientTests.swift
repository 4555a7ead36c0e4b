import Foundation
import TestSupport
import Testing

/// A real Socket.IO client no one here wrote, python-socketio (Tests/Clients/socketio_rooms.py), against
/// `tktplz serve`: over long-polling, WebSocket and the upgrade between them it connects with a session token,
/// joins a show, receives `seats-locked` and `seats-unlocked` for a hold and its release made over REST with the
/// very payloads `/ws` sends, is refused with a bad token, resumes by position after reconnecting, and follows an
/// on-sale queue's admissions in its room.
@Suite("Socket.IO: python-socketio against the server")
struct SocketIOClientTests {
    @Test(.timeLimit(.minutes(2)))
    func aThirdPartyClientJoinsAShowAndSeesHoldsAndReleasesOnEveryTransport() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-socketio-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess.start(dataDirectory: directory)
        let output = try await PythonScript.run("Clients/socketio_rooms.py", "--base", "http://127.0.0.1:\(server.port)", "--show", "demo-seated")
        print(output.text)
        #expect(output.status == 0, "\(output.text)")
        #expect(output.text.contains("PASSED"))
        await server.stop()
    }
}
