public import Foundation

/// Keys as files beside an embedded log (`PersonalKeyFile`), 48 bytes each, readable by the owner only, written
/// once as every shared file is (`DirectoryStorage.storeOnce`: of two writers the first wins, nobody reads half a
/// key). Destroying a key overwrites the file with zeros and syncs before unlinking it, so
/// the blocks that held it hold zeros (on a file system that rewrites in place; a copy-on-write one or an SSD's
/// remapping may keep the old blocks until reused: see the README).
public struct DirectoryKeyStore: PersonalKeyStore {
    public let directory: URL

    /// Keys under `directory/personal-keys`, where `DirectoryStorage` over the same directory lists them too.
    public init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent(PersonalKeyFile.folder, isDirectory: true)
    }

    public func key(of subject: String) throws(EventStoreError) -> PersonalKey? {
        try DirectoryStorage.read(file(of: subject)).flatMap(PersonalKey.init(stored:))
    }

    public func create(_ key: PersonalKey, for subject: String) throws(EventStoreError) -> PersonalKey {
        let stored = try DirectoryStorage.storeOnce(key.stored, at: file(of: subject))
        // The key must outlive a crash before anything is sealed under it: its name too.
        try syncDirectory()
        guard let kept = PersonalKey(stored: stored) else { throw EventStoreError(.io, "a personal-data key in \(directory.path) is damaged") }
        return kept
    }

    public func destroy(keyOf subject: String) throws(EventStoreError) {
        let file = file(of: subject)
        let descriptor = open(file.path, O_WRONLY)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw EventStoreError(.io, "cannot open \(file.path) to destroy it: \(String(cString: strerror(errno)))")
        }
        let zeros = [UInt8](repeating: 0, count: 48)
        let written = zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, 48, 0) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == 48, synced == 0 else { throw EventStoreError(.io, "cannot overwrite \(file.path): \(String(cString: strerror(errno)))") }
        guard unlink(file.path) == 0 || errno == ENOENT else {
            throw EventStoreError(.io, "cannot remove \(file.path): \(String(cString: strerror(errno)))")
        }
        try syncDirectory()
    }

    func file(of subject: String) -> URL {
        directory.appendingPathComponent(PersonalKeyFile.name(of: subject).file)
    }

    /// A new or removed name survives a crash only once its directory is synced.
    private func syncDirectory() throws(EventStoreError) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { throw EventStoreError(.io, "cannot open \(directory.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw EventStoreError(.io, "cannot sync \(directory.path): \(String(cString: strerror(errno)))") }
    }
}
