import EventStore
public import Foundation

/// Mail waiting to leave, one file per mail under a directory of the data directory, written and fsync'd before
/// `send` returns: a mail server that is down (or a crash) delays mail but never loses it. Files are named by the
/// time they were queued, so the oldest goes first; a mail the server refused for good moves to `failed/` for an
/// operator to read. A crash after the server accepted a mail but before its file was removed sends it again
/// (at least once, never zero times); its `Message-ID` stays the same, so mail clients show it once.
public struct MailSpool: Sendable {
    /// A queued mail and what became of its attempts.
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var mail: Mail
        public var attempts: Int
        public var nextAttemptAt: Date
        public var lastError: String?
    }

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    var failedDirectory: URL { directory.appendingPathComponent("failed", isDirectory: true) }

    /// Queues `mail` durably; returns its entry.
    @discardableResult
    public func enqueue(_ mail: Mail) throws -> Entry {
        let stamp = String(Int64(mail.sentAt.timeIntervalSince1970 * 1_000_000))
        let id = "\(stamp)-\(UUID.random().lowercasedText.prefix(12))"
        var mail = mail
        if mail.messageID == nil { mail.messageID = "\(id)@tktplz" }
        let entry = Entry(id: id, mail: mail, attempts: 0, nextAttemptAt: mail.sentAt)
        try write(entry)
        return entry
    }

    /// Every queued mail, oldest first.
    public func entries() throws -> [Entry] { try Self.entries(in: directory) }

    /// The mails refused for good.
    public func failed() throws -> [Entry] { try Self.entries(in: failedDirectory) }

    /// The entries in `folder`, by name (the time they were queued); temporary files of a write start with a dot.
    private static func entries(in folder: URL) throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        return try names.map { try decoder.decode(Entry.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// The mail left: its file goes.
    public func delivered(_ entry: Entry) throws {
        try FileManager.default.removeItem(at: file(entry.id))
        try Self.synchronize(directory)
    }

    /// The attempt failed for now; the mail waits until `next`.
    public func deferred(_ entry: Entry, error: String, until next: Date) throws {
        var entry = entry
        entry.attempts += 1
        entry.lastError = error
        entry.nextAttemptAt = next
        try write(entry)
    }

    /// The server refused the mail for good (no such mailbox, say): it moves to `failed/`.
    public func refused(_ entry: Entry, error: String) throws {
        var entry = entry
        entry.attempts += 1
        entry.lastError = error
        try FileManager.default.createDirectory(at: failedDirectory, withIntermediateDirectories: true)
        try Self.durablyWrite(try Self.encoder.encode(entry), to: failedDirectory.appendingPathComponent("\(entry.id).json"))
        try delivered(entry)
    }

    private func file(_ id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    private func write(_ entry: Entry) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.durablyWrite(try Self.encoder.encode(entry), to: file(entry.id))
    }

    /// Writes to a hidden temporary file, fsyncs it, renames it into place and fsyncs the directory: after a crash
    /// the file is there whole or not at all.
    static func durablyWrite(_ bytes: Data, to file: URL) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID.random().lowercasedText)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, file.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        try synchronize(file.deletingLastPathComponent())
    }

    static func synchronize(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: directory.path]) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory.path]) }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Milliseconds: ISO 8601 here drops the fraction of a second, and a retry due in 200 ms would come at once.
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}
