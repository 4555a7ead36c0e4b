@testable import App
import Foundation
import Testing

@Suite("SMTP: settings, replies and messages")
struct SMTPPartsTests {
    @Test func theURLsSchemeChoosesTLSAndThePortFollows() throws {
        let starttls = try SMTPSettings.parse("smtp://me%40corp:p%3Ass@mail.example.com", from: "t@example.com")
        #expect(starttls == SMTPSettings(host: "mail.example.com", port: 587, security: .startTLS, username: "me@corp", password: "p:ss", from: "t@example.com"))
        #expect(try SMTPSettings.parse("smtps://u:p@mail.example.com", from: "t@example.com").port == 465)
        #expect(try SMTPSettings.parse("smtp://relay:2525?tls=none", from: "t@example.com").security == .none)
    }

    @Test(arguments: [
        ("http://mail.example.com", "scheme"), ("smtp://", "host"), ("smtp://u:p@relay?tls=none", "without TLS"),
        ("smtp://relay?tls=maybe", "tls=maybe"),
    ])
    func aURLThatCannotBeUsedIsRefusedNamingWhy(url: String, problem: String) {
        #expect { try SMTPSettings.parse(url, from: "t@example.com") } throws: { ($0 as? SMTPSettingsProblem)?.description.contains(problem) == true }
    }

    @Test func aPasswordNeverAppearsInAProblem() {
        #expect { try SMTPSettings.parse("smtp://u:hunter2@relay?tls=none", from: "t@example.com") } throws: {
            !"\($0)".contains("hunter2")
        }
    }

    @Test func aMultiLineReplyEndsAtTheLineWithASpaceAndListsItsExtensions() throws {
        var pending: [String] = []
        #expect(try SMTPReply.parse("250-mail.example.com greets you", into: &pending) == nil)
        #expect(try SMTPReply.parse("250-STARTTLS", into: &pending) == nil)
        let reply = try #require(try SMTPReply.parse("250 AUTH PLAIN LOGIN", into: &pending))
        #expect(reply.code == 250 && reply.extensions == ["STARTTLS": [], "AUTH": ["PLAIN", "LOGIN"]])
        #expect(throws: SMTPFailure.self) { try SMTPReply.parse("hello", into: &pending) }
    }

    @Test func onlyA5xxToTheMailItselfIsPermanent() {
        #expect(SMTPFailure.rejected(command: "RCPT", reply: "550 no such user", code: 550).permanent)
        #expect(!SMTPFailure.rejected(command: "RCPT", reply: "451 later", code: 451).permanent)
        #expect(!SMTPFailure.rejected(command: "AUTH", reply: "535 bad credentials", code: 535).permanent)
        #expect(!SMTPFailure.unavailable("refused").permanent)
    }

    @Test func aMessageEncodesItsSubjectAndBodyAndNoTypedLineBreakBecomesAHeader() throws {
        let mail = Mail(to: "a@example.com\r\nBcc: victim@example.com", subject: "Tickets für Köln", text: ".hidden\nline",
                        sentAt: Date(timeIntervalSince1970: 1_796_000_000), messageID: "m1@tktplz")
        let text = SMTPMessage(from: "TktPlz <t@example.com>", mail: mail, messageID: "m1@tktplz", date: mail.sentAt).text
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headers.contains("To: a@example.com Bcc: victim@example.com"))
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
        #expect(headers.contains("Subject: =?UTF-8?B?\(Data("Tickets für Köln".utf8).base64EncodedString())?="))
        #expect(headers.contains("Date: Mon, 30 Nov 2026 00:53:20 +0000"))
        #expect(headers.contains("Message-ID: <m1@tktplz>"))
        let body = text.components(separatedBy: "\r\n\r\n")[1].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Data(base64Encoded: body) == Data(".hidden\nline".utf8))
    }

    @Test func attachmentsMakeAMultipartMessageAndDotsAreStuffed() {
        let mail = Mail(to: "o@example.com", subject: "Receipt", text: "attached", attachments: [
            MailAttachment(filename: "receipt.pdf", contentType: "application/pdf", data: Data("%PDF".utf8)),
        ])
        let message = SMTPMessage(from: "t@example.com", mail: mail, messageID: "m2@tktplz", date: mail.sentAt)
        #expect(message.text.contains("Content-Type: multipart/mixed; boundary=\"tktplz-m2\""))
        #expect(message.text.contains("Content-Disposition: attachment; filename=\"receipt.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg=="))
        #expect(message.text.hasSuffix("--tktplz-m2--\r\n"))
        let dotted = SMTPMessage(from: "t@example.com", mail: Mail(to: "o@example.com", subject: ".", text: ""), messageID: "m3", date: mail.sentAt)
        #expect(!dotted.dotStuffed.components(separatedBy: "\r\n").contains("."))
    }

    @Test func anEnvelopeAddressIsTheBareAddressOrNothing() {
        #expect(SMTPAddress.envelope(of: "TktPlz <tickets@example.com>") == "tickets@example.com")
        #expect(SMTPAddress.envelope(of: "tickets@example.com") == "tickets@example.com")
        #expect(SMTPAddress.envelope(of: "a@b.c>\r\nRCPT TO:<x@y.z") == nil)
        #expect(SMTPAddress.envelope(of: "nobody") == nil)
    }
}
