import Crypto

/// One link of the log's hash chain: SHA-256 over the previous record's hash and this record's bytes,
/// so changing, removing or reordering any record breaks every link after it.
/// Held inline (four words), so decoding a record allocates nothing for it.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The link before the first record: 32 zero bytes.
    public static let genesis = ChainHash(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// Reads 32 bytes.
    package init(_ buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count == 32, "a chain hash is 32 bytes")
        words = (buffer.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// The 32 bytes, in stored order.
    public var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0) } }

    /// Lowercase hex of the 32 bytes.
    public var description: String { bytes.hex }

    /// The next link: SHA-256(self ‖ record).
    package func chained(with record: UnsafeRawBufferPointer) -> ChainHash {
        var hasher = SHA256()
        withUnsafeBytes(of: words) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: record)
        return hasher.finalize().withUnsafeBytes { ChainHash($0) }
    }

    /// Whether `buffer` holds exactly these 32 bytes.
    func matches(_ buffer: UnsafeRawBufferPointer) -> Bool {
        buffer.count == 32 && ChainHash(buffer) == self
    }

    func write(into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        withUnsafeBytes(of: words) { (out.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: 32) }
    }

    public static func == (a: ChainHash, b: ChainHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
