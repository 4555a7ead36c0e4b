public import Foundation

/// What a node keeps besides the log that is not a cache (uploaded images, development keys, the sandbox gateway's
/// journal): files and journals that every node over the same log must read alike. Beside an LMDB log they are files in the data directory
/// (`DirectoryStorage`); beside a PostgreSQL log, rows in the log's schema, so a poster uploaded through one node is
/// served by another.
///
/// A name is written once: the first bytes stored under it stay (`store` answers them), which is what both kinds
/// need. An image's name is its content's hash, so a second store of it is the same bytes; a development key made by
/// two nodes starting at once is the one that got there first, for both.
public protocol SharedStorage: Sendable {
    /// Stores `bytes` under `name` unless something is stored there already; answers what is stored now.
    func store(_ bytes: Data, as name: SharedFileName) async throws(EventStoreError) -> Data
    /// The bytes stored under `name`, or `nil`.
    func load(_ name: SharedFileName) async throws(EventStoreError) -> Data?
    /// The append-only journal called `name` (a shared file's name, so the same path beside an LMDB log).
    func journal(_ name: SharedFileName) -> any SharedJournal
    /// The names of the files stored in `folder`, sorted (what a backup carries).
    func names(in folder: String) async throws(EventStoreError) -> [SharedFileName]
}

/// Lines appended in order and read back from a cursor: a journal that several nodes append to and each follows.
public protocol SharedJournal: Sendable {
    /// Appends `lines` (none holding a newline) together: a reader sees all of them or, after a crash, none.
    func append(_ lines: [Data]) async throws(EventStoreError)
    /// The lines appended after `cursor`, oldest first, and the cursor after the last of them.
    func lines(after cursor: JournalCursor) async throws(EventStoreError) -> (lines: [Data], next: JournalCursor)
}

/// Where a reader of a journal has got to (a byte offset in a file, a sequence number in a table).
public struct JournalCursor: Sendable, Hashable {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static let start = JournalCursor(0)
}

/// A shared file's name: a folder and a file, each of `a-z`, `0-9`, `.`, `-` and `_` (no `..`), so it is the same
/// relative path in a data directory and the same key in a table.
public struct SharedFileName: Sendable, Hashable, CustomStringConvertible {
    public let folder: String
    public let file: String

    public init(folder: String, file: String) throws(EventStoreError) {
        for part in [folder, file] {
            let plain = part.utf8.allSatisfy { byte in
                (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 46 || byte == 45 || byte == 95
            }
            guard plain, !part.isEmpty, part.utf8.count <= 120, !part.hasPrefix(".") else {
                throw EventStoreError(.invalidArgument, "a shared file's folder and name are 1 to 120 of a-z, 0-9, '.', '-' and '_', not starting with '.': \(part)")
            }
        }
        (self.folder, self.file) = (folder, file)
    }

    public var description: String { "\(folder)/\(file)" }
}
