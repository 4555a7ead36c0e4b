import Foundation
import LMDB

/// Reads an archive record by record, checking positions, the hash chain and the trailer as it goes.
final class LogArchiveReader {
    private let zstd: ZstdReader
    private var buffer: [UInt8] = []
    private var offset = 0
    private(set) var records: UInt64 = 0
    private(set) var recordBytes = 0
    private(set) var hash = ChainHash.genesis
    private(set) var files = 0
    private(set) var fileBytes = 0
    /// Format 2 carries files after the records' trailer.
    private let carriesFiles: Bool
    private var filesEnded = false

    init(file: FileHandle) throws(EventStoreError) {
        let magic: Data
        do {
            magic = try file.read(upToCount: LogArchive.magic.count) ?? Data()
        } catch {
            throw EventStoreError(.io, "reading the archive failed", cause: error)
        }
        guard Array(magic) == LogArchive.magic || Array(magic) == LogArchive.magicWithoutFiles else {
            throw EventStoreError(.archive, "not a TktPlz log archive (bad magic)")
        }
        carriesFiles = Array(magic) == LogArchive.magic
        zstd = try ZstdReader(file: file)
    }

    /// The next record's exact bytes, verified against the chain; `nil` after a verified trailer.
    func next() throws(EventStoreError) -> [UInt8]? {
        let length = try readUInt32()
        if length == LogArchive.trailerMarker {
            let count = try readUInt64()
            let lastHash = try read(32)
            guard count == records else {
                throw EventStoreError(.archive, "the trailer counts \(count) records but the archive holds \(records)")
            }
            guard lastHash == hash.bytes else {
                throw EventStoreError(.archive, "the trailer's hash does not match the chain of the records")
            }
            if !carriesFiles { try expectEnd() }
            return nil
        }
        let bytes = try read(Int(length))
        let position = records + 1
        try withBytes(bytes) { (raw) throws(EventStoreError) in
            let layout = try RecordEncoding.Layout(raw, at: position)
            let expected = hash.chained(with: layout.hashedBytes)
            guard expected.matches(layout.hashBytes) else {
                throw EventStoreError(.archive, "record \(position) of the archive breaks the hash chain")
            }
            hash = expected
        }
        records = position
        recordBytes += bytes.count
        return bytes
    }

    /// The next shared file after the records (call once `next` returned `nil`), checked against its name; `nil`
    /// at the end of the archive.
    func nextFile() throws(EventStoreError) -> (name: SharedFileName, bytes: Data)? {
        guard carriesFiles, !filesEnded else { return nil }
        let nameLength = try read(2).withUnsafeBytes { Int(UInt16(littleEndian: $0.loadUnaligned(as: UInt16.self))) }
        if nameLength == 0 {
            filesEnded = true
            try expectEnd()
            return nil
        }
        let path = String(decoding: try read(nameLength), as: UTF8.self)
        let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw EventStoreError(.archive, "a file of the archive is named \(path), not folder/file") }
        let name = try SharedFileName(folder: parts[0], file: parts[1])
        let size = try readUInt64()
        guard size <= 1 << 32 else { throw EventStoreError(.archive, "\(path) claims \(size) bytes") }
        let bytes = Data(try read(Int(size)))
        try ArchiveFiles.verify(name, bytes)
        files += 1
        fileBytes += bytes.count
        return (name, bytes)
    }

    private func expectEnd() throws(EventStoreError) {
        guard offset == buffer.count, try zstd.next() == nil else {
            throw EventStoreError(.archive, "bytes follow the archive's end")
        }
    }

    private func readUInt32() throws(EventStoreError) -> UInt32 {
        let bytes = try read(4)
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }

    private func readUInt64() throws(EventStoreError) -> UInt64 {
        let bytes = try read(8)
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    private func read(_ count: Int) throws(EventStoreError) -> [UInt8] {
        while buffer.count - offset < count {
            guard let chunk = try zstd.next() else {
                throw EventStoreError(.archive, "the archive ends in the middle of record \(records + 1)")
            }
            buffer.removeFirst(offset)
            offset = 0
            buffer.append(contentsOf: chunk)
        }
        defer { offset += count }
        return Array(buffer[offset..<(offset + count)])
    }
}
