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

    init(file: FileHandle) throws(EventStoreError) {
        let magic: Data
        do {
            magic = try file.read(upToCount: LogArchive.magic.count) ?? Data()
        } catch {
            throw EventStoreError(.io, "reading the archive failed", cause: error)
        }
        guard Array(magic) == LogArchive.magic else {
            throw EventStoreError(.archive, "not a TktPlz log archive (bad magic)")
        }
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
            guard offset == buffer.count, try zstd.next() == nil else {
                throw EventStoreError(.archive, "bytes follow the archive's trailer")
            }
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
