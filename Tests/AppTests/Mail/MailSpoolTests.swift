@testable import App
import Foundation
import Logging
import Testing

/// A transport that fails as told, then records what it sends.
private actor ScriptedTransport: Mailer {
    var failures: [any Error]
    var sent: [Mail] = []
    init(failures: [any Error]) { self.failures = failures }
    func send(_ mail: Mail) async throws {
        if !failures.isEmpty { throw failures.removeFirst() }
        sent.append(mail)
    }
}

private struct Down: Error {}

@Suite("Mail spool: durable, retried, refused mail kept")
struct MailSpoolTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-spool-\(UUID().uuidString)")

    @Test func aQueuedMailOutlivesItsProcessAndKeepsItsMessageID() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try MailSpool(directory: directory).enqueue(Mail(to: "a@example.com", subject: "one", text: "1"))
        try MailSpool(directory: directory).enqueue(Mail(to: "b@example.com", subject: "two", text: "2"))
        let reopened = try MailSpool(directory: directory).entries()
        #expect(reopened.map(\.mail.subject) == ["one", "two"])
        #expect(reopened.first?.mail.messageID == "\(first.id)@tktplz")
    }

    @Test func aFailedAttemptWaitsAndThenSendsOnceAndAPermanentRefusalIsKeptAside() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = MailSpool(directory: directory)
        let transport = ScriptedTransport(failures: [Down(), SMTPFailure.rejected(command: "RCPT", reply: "550 no such user", code: 550)])
        let delivery = MailDelivery(spool: spool, transport: transport, retry: .init(first: .milliseconds(100)), logger: Logger(label: "test"))
        try spool.enqueue(Mail(to: "a@example.com", subject: "one", text: "1"))
        let next = await delivery.deliverDue()
        #expect(next != nil, "the failed mail waits for a retry")
        #expect(try spool.entries().first?.attempts == 1)
        try spool.enqueue(Mail(to: "nobody@example.com", subject: "two", text: "2"))
        // "two" is due at once and refused for good; "one" is not yet due.
        _ = await delivery.deliverDue()
        #expect(try spool.failed().map(\.mail.subject) == ["two"])
        try await Task.sleep(for: .milliseconds(150))
        #expect(await delivery.deliverDue() == nil)
        #expect(await transport.sent.map(\.subject) == ["one"])
        #expect(try spool.entries().isEmpty)
    }

    @Test func retriesDoubleUpToTheLongestWait() {
        let retry = MailDelivery.Retry(first: .seconds(5), longest: .seconds(60))
        #expect((1...6).map { retry.delay(after: $0) } == [.seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60)])
    }
}
