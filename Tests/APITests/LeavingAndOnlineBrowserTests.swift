import Foundation
import TestSupport
import Testing

/// The web page in headless Chromium (Tests/Browser/leaving_and_online.py): a tab left with a hold gives its seat
/// back at once (the `pagehide` beacon), and "My tickets" shows an online show's access link until a refund.
@Suite("Browser: leaving a hold, and an online show's link")
struct LeavingAndOnlineBrowserTests {
    @Test(.timeLimit(.minutes(2)))
    func aLeftTabReleasesItsHoldAndMyTicketsShowTheAccessLink() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-leaving-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess.start(dataDirectory: directory)
        let output = try await PythonScript.run("Browser/leaving_and_online.py", "--base", "http://127.0.0.1:\(server.port)")
        print(output.text)
        #expect(output.status == 0, "\(output.text)")
        #expect(output.text.contains("PASSED"))
        await server.stop()
    }
}
