import API
import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A stand-in for the e-mail API on a real port: records what it was sent and answers as told.
private final class FakeMailAPI: Sendable {
    let received = Mutex<[(authorization: String?, json: String)]>([])
    let status: HTTPResponse.Status

    init(status: HTTPResponse.Status) { self.status = status }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("emails") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            self.received.withLock { $0.append((request.headers[.authorization], String(buffer: body))) }
            let answer = self.status == .ok ? #"{"id":"mail-1"}"# : #"{"statusCode":422,"name":"validation_error","message":"bad from"}"#
            return Response(status: self.status, body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

private struct SentBody: Decodable, Equatable {
    var from: String
    var to: [String]
    var subject: String
    var text: String
}

@Suite("Mail: the Resend-protocol mailer")
struct ResendMailerTests {
    @Test func aMailIsPostedWithTheKeyAndTheResendFields() async throws {
        let api = FakeMailAPI(status: .ok)
        try await api.application().test(.live) { client in
            let mailer = ResendMailer(baseURL: "http://127.0.0.1:\(try #require(client.port))/", apiKey: "re_test_key", from: "TktPlz <t@example.com>")
            try await mailer.send(Mail(to: "asha@example.com", subject: "Your code", text: "123456"))
        }
        let received = api.received.withLock { $0 }
        #expect(received.count == 1)
        #expect(received.first?.authorization == "Bearer re_test_key")
        let body = try JSONDecoder().decode(SentBody.self, from: Data(try #require(received.first).json.utf8))
        #expect(body == SentBody(from: "TktPlz <t@example.com>", to: ["asha@example.com"], subject: "Your code", text: "123456"))
    }

    @Test func aRefusalIsAnErrorNamingTheStatusAndTheProvidersMessage() async throws {
        let api = FakeMailAPI(status: .unprocessableContent)
        try await api.application().test(.live) { client in
            let mailer = ResendMailer(baseURL: "http://127.0.0.1:\(try #require(client.port))", apiKey: "k", from: "f@example.com")
            await #expect {
                try await mailer.send(Mail(to: "asha@example.com", subject: "s", text: "t"))
            } throws: { error in
                guard let failure = error as? MailFailure else { return false }
                return failure.status == 422 && failure.message.contains("bad from")
            }
        }
    }

    @Test func theTransportComesFromTheEnvironmentAndDefaultsToTheOutbox() {
        #expect(MailSettings.resolve(environment: [:]).transport == .outbox)
        #expect(MailSettings.resolve(environment: ["RESEND_API_KEY": ""]).transport == .outbox)
        #expect(MailSettings.resolve(environment: ["RESEND_API_KEY": "k", "RESEND_API_URL": "http://mail.test", "MAIL_FROM": "a@b.c"]).transport
            == .resend(baseURL: "http://mail.test", apiKey: "k", from: "a@b.c"))
        #expect(MailSettings.resolve(environment: ["SMTP_URL": "smtps://u:p@mail.test", "MAIL_FROM": "a@b.c"]).transport
            == .smtp(SMTPSettings(host: "mail.test", port: 465, security: .implicitTLS, username: "u", password: "p", from: "a@b.c")))
    }

    @Test func anSMTPURLThatCannotBeUsedOrTwoTransportsStopTheServerInEveryMode() {
        #expect(ServerSettings.startProblems(["SMTP_URL": "ftp://mail.test"]).contains { $0.contains("scheme must be smtp or smtps") })
        #expect(ServerSettings.startProblems(["SMTP_URL": "smtps://mail.test", "RESEND_API_KEY": "k"]).contains { $0.contains("choose one") })
        #expect(ServerSettings.startProblems(["MAIL_RETRY_SECONDS": "0"]).contains { $0.contains("MAIL_RETRY_SECONDS") })
        #expect(ServerSettings.startProblems(["SMTP_URL": "smtps://u:p@mail.test"]).isEmpty)
    }
}
