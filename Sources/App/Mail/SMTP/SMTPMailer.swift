import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one mail per connection over SMTP (RFC 5321): greeting, EHLO, STARTTLS and EHLO again (or TLS from the
/// start), AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA, QUIT. The spool retries what fails; this only says how
/// (`SMTPFailure.permanent`). A whole conversation is bounded by `timeout`.
public struct SMTPMailer: Mailer {
    public let settings: SMTPSettings
    public let timeout: Duration
    let tls: NIOSSLContext?
    let hostname: String

    public init(settings: SMTPSettings, timeout: Duration = .seconds(60)) throws {
        self.settings = settings
        self.timeout = timeout
        hostname = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        if settings.security == .none {
            tls = nil
        } else {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            if let caFile = settings.caFile { configuration.additionalTrustRoots = [.file(caFile)] }
            tls = try NIOSSLContext(configuration: configuration)
        }
    }

    public func send(_ mail: Mail) async throws {
        guard let sender = SMTPAddress.envelope(of: settings.from) else { throw SMTPFailure.rejected(command: "MAIL", reply: "no sender address", code: 501) }
        guard let recipient = SMTPAddress.envelope(of: mail.to) else {
            throw SMTPFailure.rejected(command: "RCPT", reply: "not an address: \(mail.to.prefix(80))", code: 501)
        }
        let message = SMTPMessage(from: settings.from, mail: mail, messageID: mail.messageID ?? "\(UUID().uuidString.lowercased())@\(hostname)", date: mail.sentAt)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.converse(sender: sender, recipient: recipient, message: message) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SMTPFailure.unavailable("no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func converse(sender: String, recipient: String, message: SMTPMessage) async throws {
        let implicit = settings.security == .implicitTLS ? tls : nil
        let host = settings.host
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(15))
                .connect(host: host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicit {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: implicit, serverHostname: host))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPFailure.unavailable("\(host):\(settings.port): \(error)")
        }
        try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(lines: SMTPLineReader(inbound.makeAsyncIterator()), outbound: outbound)
            try await session.expect(220, after: "CONNECT")
            var capabilities = try await session.command("EHLO \(hostname)", expect: 250, name: "EHLO").extensions
            if settings.security == .startTLS, let tls {
                guard capabilities["STARTTLS"] != nil else { throw SMTPFailure.tlsRequired }
                try await session.command("STARTTLS", expect: 220, name: "STARTTLS")
                let raw = channel.channel
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: host), position: .first)
                }.get()
                capabilities = try await session.command("EHLO \(hostname)", expect: 250, name: "EHLO").extensions
            }
            if let user = settings.username {
                let password = settings.password ?? ""
                let mechanisms = capabilities["AUTH"] ?? []
                if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
                    let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
                    try await session.command("AUTH PLAIN \(token)", expect: 235, name: "AUTH", shown: "AUTH PLAIN …")
                } else {
                    try await session.command("AUTH LOGIN", expect: 334, name: "AUTH")
                    try await session.command(Data(user.utf8).base64EncodedString(), expect: 334, name: "AUTH", shown: "(user)")
                    try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, name: "AUTH", shown: "(password)")
                }
            }
            try await session.command("MAIL FROM:<\(sender)>", expect: 250, name: "MAIL")
            try await session.command("RCPT TO:<\(recipient)>", expect: 250, name: "RCPT", alsoAccept: 251)
            try await session.command("DATA", expect: 354, name: "DATA")
            try await session.command(message.dotStuffed + ".", expect: 250, name: "MESSAGE", shown: "(message)")
            // The mail is accepted; a QUIT that goes wrong changes nothing.
            _ = try? await session.command("QUIT", expect: 221, name: "QUIT")
        }
    }
}

/// One conversation's commands and replies.
struct SMTPSession {
    var lines: SMTPLineReader
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    @discardableResult
    mutating func command(_ line: String, expect code: Int, name: String, shown: String? = nil, alsoAccept other: Int? = nil) async throws -> SMTPReply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await expect(code, after: name, alsoAccept: other)
    }

    @discardableResult
    mutating func expect(_ code: Int, after name: String, alsoAccept other: Int? = nil) async throws -> SMTPReply {
        var pending: [String] = []
        while true {
            guard let line = try await lines.next() else { throw SMTPFailure.unavailable("the server closed the connection after \(name)") }
            if let reply = try SMTPReply.parse(line, into: &pending) {
                guard reply.code == code || reply.code == other else {
                    throw SMTPFailure.rejected(command: name, reply: reply.description, code: reply.code)
                }
                return reply
            }
        }
    }
}

/// Lines (without their CRLF) from the connection's bytes; a line longer than 4 KiB is a protocol violation.
struct SMTPLineReader {
    var bytes: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()

    init(_ bytes: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.bytes = bytes }

    mutating func next() async throws -> String? {
        while true {
            if let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = end - buffer.readerIndex
                var line = buffer.readString(length: length) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                return line
            }
            guard buffer.readableBytes <= 4096 else { throw SMTPFailure.protocolViolation("a reply line longer than 4 KiB") }
            guard var more = try await bytes.next() else { return nil }
            buffer.writeBuffer(&more)
        }
    }
}
