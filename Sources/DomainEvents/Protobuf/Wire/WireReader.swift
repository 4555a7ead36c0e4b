/// Reads protobuf's binary wire format straight from a payload's bytes: the hot events (a sale's five records) are
/// decoded by hand into domain values with it, without building the generated messages first and without the
/// generic visitor calls swift-protobuf's decoding makes per field. The `.proto` files stay the format; the
/// generated messages stay the reference, and tests hold every hand decoder to them (`WireDecodingTests`).
///
/// Semantics as protobuf's for what our schema uses: fields in any order, a scalar given twice keeps the last,
/// repeated fields accumulate, unknown fields are skipped, strings must be valid UTF-8.
public struct WireReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The next field's number and wire type, or `nil` at the end.
    public mutating func field() throws(SchemaMismatch) -> (number: Int, wireType: Int)? {
        guard offset < bytes.count else { return nil }
        let key = try varint()
        let number = Int(truncatingIfNeeded: key >> 3)
        guard number > 0 else { throw SchemaMismatch("a field numbered 0 at byte \(offset)") }
        return (number, Int(key & 7))
    }

    public mutating func varint() throws(SchemaMismatch) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw SchemaMismatch("a varint longer than ten bytes") }
        }
        throw SchemaMismatch("a varint cut short")
    }

    public mutating func int64() throws(SchemaMismatch) -> Int64 { Int64(bitPattern: try varint()) }

    public mutating func int() throws(SchemaMismatch) -> Int { Int(truncatingIfNeeded: try int64()) }

    public mutating func bool() throws(SchemaMismatch) -> Bool { try varint() != 0 }

    /// An enum value (int32 on the wire, sign-extended to ten bytes when negative).
    public mutating func enumValue() throws(SchemaMismatch) -> Int { Int(Int32(truncatingIfNeeded: try varint())) }

    /// The bytes of a length-delimited field.
    public mutating func lengthDelimited() throws(SchemaMismatch) -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else { throw SchemaMismatch("a field runs past its message") }
        let start = offset
        offset += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
    }

    public mutating func string() throws(SchemaMismatch) -> String {
        let raw = try lengthDelimited()
        // Nearly every string of the log (ids, codes, currencies) is ASCII, which is UTF-8 as it stands: made without
        // the generic validating initializer, which instantiates generic metadata on each call (about a fifth of
        // decoding a sale's records, by perf). Anything else is validated and refused when it is not UTF-8.
        if Self.isASCII(raw) {
            return raw.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
        }
        guard let text = String(validating: raw, as: UTF8.self) else { throw SchemaMismatch("a string that is not UTF-8") }
        return text
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        // Eight bytes at a time, then the rest.
        while index + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// A reader over an embedded message.
    public mutating func message() throws(SchemaMismatch) -> WireReader { WireReader(try lengthDelimited()) }

    /// Skips a field this decoder does not read.
    public mutating func skip(_ wireType: Int) throws(SchemaMismatch) {
        switch wireType {
        case 0: _ = try varint()
        case 1: try advance(8)
        case 2: _ = try lengthDelimited()
        case 5: try advance(4)
        default: throw SchemaMismatch("wire type \(wireType) is not one this schema uses")
        }
    }

    private mutating func advance(_ count: Int) throws(SchemaMismatch) {
        guard count <= bytes.count - offset else { throw SchemaMismatch("a fixed-width field cut short") }
        offset += count
    }
}
