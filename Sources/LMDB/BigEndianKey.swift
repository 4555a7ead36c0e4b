/// UInt64 <-> 8-byte big-endian key, so LMDB's byte order is numeric order.
public enum BigEndianKey {
    /// The 8 big-endian bytes of `value`.
    @inline(__always)
    public static func bytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Writes `value` big-endian at `offset` of `buffer`.
    @inline(__always)
    public static func write(_ value: UInt64, into buffer: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        buffer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    /// Reads a big-endian UInt64 at `offset`; `nil` when fewer than 8 bytes remain.
    @inline(__always)
    public static func read(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64? {
        guard offset >= 0, buffer.count - offset >= 8 else { return nil }
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
