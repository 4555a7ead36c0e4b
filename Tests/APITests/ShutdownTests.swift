import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import TestSupport
import Testing

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
        let fired = try await log.history(of: try HoldExpiryTimer.stream(BookingID("booking-shutdown-probe")))
        #expect(fired.isEmpty, "a timer fired after shutdown had begun")
        #expect(try await log.nextDueTime() != nil, "the timer is still pending, for the next start")
    }
}
