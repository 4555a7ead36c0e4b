import Crypto
import Foundation

/// One link of the log's hash chain: SHA-256 over the previous record's hash and this record's bytes,
/// so changing, removing or reordering any record breaks every link after it.
struct ChainHash: Equatable, Sendable {
    /// 32 bytes.
    var bytes: [UInt8]

    /// The link before the first record.
    static let genesis = ChainHash(bytes: [UInt8](repeating: 0, count: 32))

    /// The next link: SHA-256(self ‖ record).
    func chained(with record: UnsafeRawBufferPointer) -> ChainHash {
        var hasher = SHA256()
        hasher.update(data: bytes)
        hasher.update(bufferPointer: record)
        return ChainHash(bytes: Array(hasher.finalize()))
    }

    func write(into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        bytes.withUnsafeBytes { (out.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: 32) }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }
    init(_ buffer: UnsafeRawBufferPointer) { self.bytes = Array(buffer) }
}
