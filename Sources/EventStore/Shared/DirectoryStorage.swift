public import Foundation

/// Shared files as files under a directory (the data directory of an embedded log): `folder/file`, readable by
/// the owner only; journals as files of lines there.
public struct DirectoryStorage: SharedStorage {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func store(_ bytes: Data, as name: SharedFileName) async throws(EventStoreError) -> Data {
        try Self.storeOnce(bytes, at: url(of: name))
    }

    /// Writes `bytes` to `file` unless it exists; answers what the file holds now. The bytes are written and synced
    /// under a temporary name, then hard-linked into place: a link never replaces a file already there, so of two
    /// nodes (or tasks) storing one name at once the first link wins and the other reads what it made, and nobody
    /// reads half a file. (Synchronous: the personal-data keys are stored this way too, from inside codecs.)
    static func storeOnce(_ bytes: Data, at file: URL) throws(EventStoreError) -> Data {
        if let stored = try read(file) { return stored }
        let folder = file.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: temporary.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw EventStoreError(.io, "cannot write \(file.path)", cause: error)
        }
        defer { unlink(temporary.path) }
        if link(temporary.path, file.path) != 0, errno != EEXIST {
            throw EventStoreError(.io, "cannot store \(file.path): \(String(cString: strerror(errno)))")
        }
        guard let stored = try read(file) else { throw EventStoreError(.io, "\(file.path) vanished as it was stored") }
        return stored
    }

    public func load(_ name: SharedFileName) async throws(EventStoreError) -> Data? {
        try Self.read(url(of: name))
    }

    public func journal(_ name: SharedFileName) -> any SharedJournal {
        FileJournal(path: url(of: name))
    }

    public func names(in folder: String) async throws(EventStoreError) -> [SharedFileName] {
        let path = directory.appendingPathComponent(folder, isDirectory: true).path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            // Temporary files of a store in progress start with a dot, which no name may.
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
                .map { file throws(EventStoreError) in try SharedFileName(folder: folder, file: file) }
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw EventStoreError(.io, "cannot list \(path)", cause: error)
        }
    }

    private func url(of name: SharedFileName) -> URL {
        directory.appendingPathComponent(name.folder, isDirectory: true).appendingPathComponent(name.file)
    }

    static func read(_ file: URL) throws(EventStoreError) -> Data? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            return try Data(contentsOf: file)
        } catch {
            throw EventStoreError(.io, "cannot read \(file.path)", cause: error)
        }
    }
}
