public import Foundation
import Crypto

/// The shared files an archive carries after the log's records (format 2): the uploaded images, so that a restore
/// serves every poster and screenshot the restored shows point at. Keys are not carried: an archive is not a place
/// for secrets (the README says which keys to keep beside it).
public struct ArchiveFiles: Sendable {
    public let storage: (any SharedStorage)?
    public let folders: [String]

    public init(storage: any SharedStorage, folders: [String] = ArchiveFiles.carried) {
        self.storage = storage
        self.folders = folders
    }

    private init() {
        storage = nil
        folders = []
    }

    /// No files: the records only.
    public static let none = ArchiveFiles()
    /// What exports and backups carry: the folders of content-addressed uploads.
    public static let carried = ["images"]

    /// Loads each file, checks it against its name and writes it after the records.
    package func write(into writer: LogArchiveWriter) async throws(EventStoreError) {
        guard let storage else { return }
        for folder in folders {
            for name in try await storage.names(in: folder) {
                guard let bytes = try await storage.load(name) else { continue }
                try Self.verify(name, bytes)
                try writer.appendFile(name, bytes)
            }
        }
    }

    /// An upload is named by the SHA-256 of its bytes (`<hex>.<extension>`): bytes that do not hash to their name
    /// were damaged, and are refused rather than restored.
    public static func verify(_ name: SharedFileName, _ bytes: Data) throws(EventStoreError) {
        guard name.folder == "images" else { return }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        guard name.file.hasPrefix(digest + ".") else {
            throw EventStoreError(.archive, "\(name) does not hash to its name: its bytes were damaged")
        }
    }

    /// Copies every carried file from `source` to `target`, each checked against its name on the way; returns how
    /// many files and bytes were copied.
    public static func copy(from source: any SharedStorage, to target: any SharedStorage,
                            folders: [String] = carried) async throws(EventStoreError) -> (files: Int, bytes: Int) {
        var copied = (files: 0, bytes: 0)
        for folder in folders {
            for name in try await source.names(in: folder) {
                guard let bytes = try await source.load(name) else { continue }
                try verify(name, bytes)
                let stored = try await target.store(bytes, as: name)
                guard stored == bytes else { throw EventStoreError(.io, "\(name) already holds other bytes where it was copied to") }
                copied.files += 1
                copied.bytes += bytes.count
            }
        }
        return copied
    }
}
