/// Decodes values that `CompactEncoder` wrote. Stateless; `userInfo` reaches every `init(from:)` as with JSON.
public struct CompactDecoder: @unchecked Sendable {
    // `userInfo` is `[CodingUserInfoKey: Any]` by Codable's definition; callers put Sendable values in it.
    public var userInfo: [CodingUserInfoKey: Any] = [:]

    public init() {}

    public func decode<T: Decodable>(_: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        guard bytes.first == CompactFormat.magic else { throw Self.corrupt("not compact-encoded (its first byte is not the format's)") }
        let reader = CompactReader(bytes: bytes, userInfo: userInfo)
        let (content, next) = try reader.value(at: 1)
        guard next == bytes.count else { throw Self.corrupt("bytes follow the stored value") }
        return try reader.decodeValue(T.self, content)
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    static func corrupt(_ what: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: what))
    }
}

/// The bytes of one `decode` call (valid only during it) and what its containers share.
final class CompactReader {
    let bytes: UnsafeRawBufferPointer
    let userInfo: [CodingUserInfoKey: Any]

    init(bytes: UnsafeRawBufferPointer, userInfo: [CodingUserInfoKey: Any]) {
        self.bytes = bytes
        self.userInfo = userInfo
    }

    /// The value whose prefix starts at `offset`: its content (`nil` for a stored nil) and where the next begins.
    func value(at offset: Int) throws -> (content: Range<Int>?, next: Int) {
        guard offset < bytes.count else { throw CompactDecoder.corrupt("the stored data ends early") }
        var cursor = offset
        let prefix = try varint(&cursor)
        guard prefix > 0 else { return (nil, cursor) }
        // Compared before converting: a corrupted prefix may not even fit an Int.
        guard prefix - 1 <= UInt64(bytes.count - cursor) else { throw CompactDecoder.corrupt("a value runs past the end of what was stored") }
        let length = Int(prefix - 1)
        return (cursor..<(cursor + length), cursor + length)
    }

    func varint(_ cursor: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard cursor < bytes.count, shift < 64 else { throw CompactDecoder.corrupt("a length or number is cut short") }
            let byte = bytes[cursor]
            cursor += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    func varint(in content: Range<Int>) throws -> UInt64 {
        var cursor = content.lowerBound
        let value = try varint(&cursor)
        guard cursor == content.upperBound else { throw CompactDecoder.corrupt("a number has trailing bytes") }
        return value
    }

    func string(_ content: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[content]), as: UTF8.self)
    }

    func signed(_ content: Range<Int>) throws -> Int64 {
        let raw = try varint(in: content)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    func unsigned(_ content: Range<Int>) throws -> UInt64 { try varint(in: content) }

    func bits(_ content: Range<Int>, bytes count: Int) throws -> UInt64 {
        guard content.count == count else { throw CompactDecoder.corrupt("a number of \(count) bytes has \(content.count)") }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[content.lowerBound + index]) << (8 * UInt64(index)) }
        return value
    }

    func bool(_ content: Range<Int>) throws -> Bool {
        guard content.count == 1 else { throw CompactDecoder.corrupt("a Bool has \(content.count) bytes") }
        return bytes[content.lowerBound] != 0
    }

    func integer<I: FixedWidthInteger>(_: I.Type, _ content: Range<Int>) throws -> I {
        if I.isSigned {
            let value = try signed(content)
            guard let fitted = I(exactly: value) else { throw CompactDecoder.corrupt("\(value) does not fit \(I.self)") }
            return fitted
        }
        let value = try unsigned(content)
        guard let fitted = I(exactly: value) else { throw CompactDecoder.corrupt("\(value) does not fit \(I.self)") }
        return fitted
    }

    /// Decodes the value whose content is `content` (`nil`: a stored nil); primitives exactly as the encoder writes
    /// them, whichever way the conformance asks for them.
    func decodeValue<T: Decodable>(_: T.Type, _ stored: Range<Int>?) throws -> T {
        guard let content = stored else {
            if CompactFormat.isPrimitive(T.self) { throw CompactReader.isNil(T.self) }
            return try T(from: CompactDecoding(reader: self, content: CompactDecoding.nilContent))
        }
        if T.self == String.self { return unsafeBitCast(string(content), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, content), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try signed(content), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(content), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try unsigned(content), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try integer(Int32.self, content), to: T.self) }
        if T.self == Int16.self { return unsafeBitCast(try integer(Int16.self, content), to: T.self) }
        if T.self == Int8.self { return unsafeBitCast(try integer(Int8.self, content), to: T.self) }
        if T.self == UInt.self { return unsafeBitCast(try integer(UInt.self, content), to: T.self) }
        if T.self == UInt32.self { return unsafeBitCast(try integer(UInt32.self, content), to: T.self) }
        if T.self == UInt16.self { return unsafeBitCast(try integer(UInt16.self, content), to: T.self) }
        if T.self == UInt8.self { return unsafeBitCast(try integer(UInt8.self, content), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(Double(bitPattern: try bits(content, bytes: 8)), to: T.self) }
        if T.self == Float.self { return unsafeBitCast(Float(bitPattern: UInt32(try bits(content, bytes: 4))), to: T.self) }
        return try T(from: CompactDecoding(reader: self, content: content))
    }

    static func isNil<T>(_: T.Type) -> DecodingError {
        .valueNotFound(T.self, .init(codingPath: [], debugDescription: "a \(T.self) was expected but nil is stored"))
    }
}

/// The `Decoder` of one value: its content, or a stored nil (`nilContent`).
struct CompactDecoding: Decoder {
    let reader: CompactReader
    let content: Range<Int>

    /// Marks a stored nil (a decoder stays three words, so it fits an existential without a box).
    static let nilContent = -1 ..< -1

    var isNil: Bool { content.lowerBound < 0 }
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { reader.userInfo }

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard !isNil else { throw CompactReader.isNil(KeyedDecodingContainer<Key>.self) }
        return KeyedDecodingContainer(try CompactKeyedDecoding<Key>(reader: reader, content: content))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard !isNil else { throw CompactReader.isNil([Any].self) }
        return CompactUnkeyedDecoding(reader: reader, content: content)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CompactSingleValueDecoding(reader: reader, content: isNil ? nil : content)
    }
}
