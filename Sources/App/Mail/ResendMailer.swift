public import AsyncHTTPClient
public import Foundation
public import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Sends mail through an HTTP e-mail API that speaks Resend's protocol: `POST {base}/emails` with a Bearer key and
/// `{from, to:[…], subject, text}`; any 2xx is accepted, anything else is an error naming the status and the
/// provider's message.
public struct ResendMailer: Mailer {
    public let baseURL: String
    public let apiKey: String
    public let from: String
    public let client: HTTPClient
    public static let timeout = TimeAmount.seconds(10)

    public init(baseURL: String, apiKey: String, from: String, client: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.from = from
        self.client = client
    }

    public struct Body: Encodable {
        public struct Attachment: Encodable {
            public var filename: String
            /// The file in base64.
            public var content: String
        }
        public var from: String
        public var to: [String]
        public var subject: String
        public var text: String
        public var attachments: [Attachment]?

        public init(from: String, to: [String], subject: String, text: String, attachments: [MailAttachment] = []) {
            self.from = from
            self.to = to
            self.subject = subject
            self.text = text
            self.attachments = attachments.isEmpty ? nil : attachments.map { Attachment(filename: $0.filename, content: $0.data.base64EncodedString()) }
        }
    }

    public func send(_ mail: Mail) async throws {
        var request = HTTPClientRequest(url: "\(baseURL)/emails")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(Body(from: from, to: [mail.to], subject: mail.subject, text: mail.text, attachments: mail.attachments))))
        let response = try await client.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw MailFailure(status: Int(response.status.code), message: String(buffer: body))
        }
    }
}

/// The e-mail API refused a mail: for good when it says the mail itself is wrong (400, 422); a bad key, a rate limit
/// or the API being down leave it waiting in the spool.
public struct MailFailure: MailRefusal, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var permanent: Bool { status == 400 || status == 422 }
    public var description: String { "the e-mail API answered \(status): \(message)" }

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
}
