public import EventStore
public import Foundation

/// Sends e-mail. By default mail goes to an outbox of files under the data directory; an HTTP e-mail API is the
/// other implementation (configured later through the environment).
public protocol Mailer: Sendable {
    func send(_ mail: Mail) async throws
}

/// One e-mail, with files attached (a payout receipt's PDF).
public struct Mail: Codable, Sendable, Equatable {
    public var to: String
    public var subject: String
    public var text: String
    public var sentAt: Date
    public var attachments: [MailAttachment]
    /// The `Message-ID` (without angle brackets), fixed when the mail is spooled so that a mail sent twice (a crash
    /// after the server accepted it) is recognisably one.
    public var messageID: String?

    public init(to: String, subject: String, text: String, sentAt: Date = Date(), attachments: [MailAttachment] = [], messageID: String? = nil) {
        self.to = to
        self.subject = subject
        self.text = text
        self.sentAt = sentAt
        self.attachments = attachments
        self.messageID = messageID
    }

    // Mails written before attachments existed (outbox and spool files) read as having none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        to = try container.decode(String.self, forKey: .to)
        subject = try container.decode(String.self, forKey: .subject)
        text = try container.decode(String.self, forKey: .text)
        sentAt = try container.decode(Date.self, forKey: .sentAt)
        attachments = try container.decodeIfPresent([MailAttachment].self, forKey: .attachments) ?? []
        messageID = try container.decodeIfPresent(String.self, forKey: .messageID)
    }
}

/// A file attached to a mail.
public struct MailAttachment: Codable, Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// Writes each mail as a JSON file in a directory, named so that they sort by time: development's inbox.
public struct OutboxMailer: Mailer {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func send(_ mail: Mail) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stamp = String(Int64(mail.sentAt.timeIntervalSince1970 * 1_000_000))
        let file = directory.appendingPathComponent("\(stamp)-\(UUID.random().uuidString.prefix(8)).json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(mail).write(to: file, options: .atomic)
    }

    /// The newest mails first, at most `limit`, optionally only those to `address`.
    public func recent(limit: Int = 20, to address: String? = nil) throws -> [Mail] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted(by: >)
        var mails: [Mail] = []
        for file in files where mails.count < limit {
            let mail = try decoder.decode(Mail.self, from: Data(contentsOf: directory.appendingPathComponent(file)))
            if address == nil || mail.to.lowercased() == address?.lowercased() { mails.append(mail) }
        }
        return mails
    }
}
