import API
import App
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

private struct Received: Decodable {
    var to: [String]
    var subject: String
    var text: String
    var messageId: String
}
private struct SignedIn: Decodable { var token: String }

/// aiosmtpd (Tests/Clients/smtp_server.py) on a free port: STARTTLS under its own CA, AUTH, and the first
/// `refusals` attempts at each message answered 451. Stopped when `body` returns.
private func withSMTPServer(port: Int? = nil, in given: URL? = nil, refusals: Int,
                            _ body: (_ port: Int, _ directory: URL) async throws -> Void) async throws {
    let directory = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-smtp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { if given == nil { try? FileManager.default.removeItem(at: directory) } }
    let port = try port ?? FreePort.find()
    let venv = PythonScript.packageRoot.appendingPathComponent(".build-venv/bin/python3").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3")
    process.arguments = [PythonScript.packageRoot.appendingPathComponent("Tests/Clients/smtp_server.py").path, directory.path, String(port), String(refusals)]
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    defer {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
    for _ in 0..<200 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ready").path) {
        try await Task.sleep(for: .milliseconds(50))
    }
    try #require(FileManager.default.fileExists(atPath: directory.appendingPathComponent("ready").path), "the SMTP server started")
    try await body(port, directory)
}

/// Polls `received.jsonl` until it holds `count` mails (at most ten seconds).
private func awaitMails(_ count: Int, in directory: URL) async throws -> [Received] {
    var mails = try received(directory)
    for _ in 0..<200 where mails.count < count {
        try await Task.sleep(for: .milliseconds(50))
        mails = try received(directory)
    }
    return mails
}

private func received(_ directory: URL) throws -> [Received] {
    guard let text = try? String(contentsOf: directory.appendingPathComponent("received.jsonl"), encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { try JSONDecoder().decode(Received.self, from: Data($0.utf8)) }
}

@Suite("Mail over SMTP: a real server that refuses the first attempts")
struct SMTPDeliveryTests {
    @Test(.timeLimit(.minutes(2)))
    func thePasscodeAndTicketMailsArriveOnceEachAfterTheServerRefusedThemTwice() async throws {
        try await withSMTPServer(refusals: 2) { port, directory in
            let smtp = SMTPSettings(host: "localhost", port: port, security: .startTLS, username: "mailer", password: "s3cret",
                                    from: "TktPlz <tickets@example.com>", caFile: directory.appendingPathComponent("ca.pem").path)
            let mail = MailSettings(transport: .smtp(smtp), retry: MailDelivery.Retry(first: .milliseconds(200), longest: .seconds(1)))
            try await withDemoServerStores(.live, mail: mail) { client, _, _ in
                let driver = CheckoutDriver(client: client)
                let asked = try await driver.post("/api/auth/user-reg", [.contentType: "application/json"], #"{"name":"Meera","email":"meera@example.com"}"#)
                #expect(asked.status == .ok, "\(String(buffer: asked.body))")

                var mails = try await awaitMails(1, in: directory)
                let passcode = try #require(mails.first)
                #expect(passcode.to == ["meera@example.com"] && passcode.subject == "Your TktPlz code")
                let code = try #require(passcode.text.firstMatch(of: /\d{6}/)).output
                let verified = try await driver.post("/api/auth/verify-otp", [.contentType: "application/json"],
                                                     #"{"email":"meera@example.com","inputOtp":"\#(code)"}"#)
                try #require(verified.status == .ok, "\(String(buffer: verified.body))")
                let meera: HTTPFields = [.authorization: "Bearer \(try decode(SignedIn.self, verified).token)", .contentType: "application/json"]
                _ = try await driver.buy(meera, seats: ["E9"])

                mails = try await awaitMails(2, in: directory)
                // Time for a duplicate to arrive, were one on its way.
                try await Task.sleep(for: .seconds(2))
                mails = try received(directory)
                #expect(mails.map(\.subject) == ["Your TktPlz code", "Your tickets for event demo-seated"])
                #expect(Set(mails.map(\.messageId)).count == 2)
                // Each was refused twice before it was taken.
                let attempts = try String(contentsOf: directory.appendingPathComponent("attempts.txt"), encoding: .utf8).split(separator: "\n")
                #expect(attempts.count == 6, "\(attempts)")
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aMailServerThatIsDownDelaysTheMailButTheAnswerIsAtOnceAndTheMailArrivesWhenItIsUp() async throws {
        let port = try FreePort.find()
        // The server's CA is made first (the mailer reads it when it starts); the server itself starts later.
        let caDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-smtp-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: caDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: caDirectory) }
        let made = try await PythonScript.run("Clients/smtp_server.py", caDirectory.path, "ca")
        try #require(made.status == 0, "\(made.text)")
        let smtp = SMTPSettings(host: "localhost", port: port, security: .startTLS, username: "mailer", password: "s3cret",
                                from: "tickets@example.com", caFile: caDirectory.appendingPathComponent("ca.pem").path)
        let mail = MailSettings(transport: .smtp(smtp), retry: MailDelivery.Retry(first: .milliseconds(200), longest: .milliseconds(400)))
        try await withDemoServerStores(.live, mail: mail) { client, _, _ in
            let driver = CheckoutDriver(client: client)
            let asked = try await driver.post("/api/auth/user-reg", [.contentType: "application/json"], #"{"name":"Meera","email":"meera@example.com"}"#)
            #expect(asked.status == .ok, "the request is answered while no mail server listens")
            try await Task.sleep(for: .seconds(1))
            try await withSMTPServer(port: port, in: caDirectory, refusals: 0) { _, directory in
                let mails = try await awaitMails(1, in: directory)
                #expect(mails.map(\.subject) == ["Your TktPlz code"])
            }
        }
    }
}
