/// Encodes Codable values into `CompactFormat`. Stateless and cheap to share; each call encodes into its own
/// buffer.
public struct CompactEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = CompactWriter()
        writer.bytes.append(CompactFormat.magic)
        try writer.encodeValue(value)
        if let misuse = writer.misuse { throw misuse }
        return writer.bytes
    }
}

/// The buffer every container of one `encode` call appends to, and the values whose length is not written yet.
///
/// Containers stream straight into the buffer, so each must be done before its parent writes again (the way
/// Codable's own conformances and ours are written); a container written to after that throws rather than
/// corrupting what is stored.
final class CompactWriter {
    var bytes: [UInt8] = []
    /// Where each open value's content starts (one byte is reserved before it for the length).
    private var open: [Int] = []

    init() { bytes.reserveCapacity(256) }

    /// Writes `value` prefixed with its length.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if CompactFormat.isPrimitive(T.self) {
            try writePrimitive { try $0.appendPrimitive(value) }
        } else {
            let place = begin()
            try encodeContent(value, at: place)
            end(to: place.depth - 1)
        }
    }

    /// Writes the content of `value` into the open `place` (whose prefix is written when it closes).
    func encodeContent<T: Encodable>(_ value: T, at place: CompactPlace) throws {
        if CompactFormat.isPrimitive(T.self) {
            try appendPrimitive(value)
        } else if let dictionary = value as? any CompactKeyOrdered {
            try dictionary.encodeInKeyOrder(into: self, at: place)
        } else {
            try value.encode(to: CompactEncoding(writer: self, place: place))
        }
    }

    /// A primitive's content, exactly as its own overloads write it, so a value reads back the same whichever way
    /// its conformance asks (type comparisons, not casts).
    private func appendPrimitive<T>(_ value: T) throws {
        if T.self == String.self { appendUTF8(unsafeBitCast(value, to: String.self)) }
        else if T.self == Int.self { appendSigned(Int64(unsafeBitCast(value, to: Int.self))) }
        else if T.self == Int64.self { appendSigned(unsafeBitCast(value, to: Int64.self)) }
        else if T.self == Int32.self { appendSigned(Int64(unsafeBitCast(value, to: Int32.self))) }
        else if T.self == Int16.self { appendSigned(Int64(unsafeBitCast(value, to: Int16.self))) }
        else if T.self == Int8.self { appendSigned(Int64(unsafeBitCast(value, to: Int8.self))) }
        else if T.self == UInt.self { appendVarint(UInt64(unsafeBitCast(value, to: UInt.self))) }
        else if T.self == UInt64.self { appendVarint(unsafeBitCast(value, to: UInt64.self)) }
        else if T.self == UInt32.self { appendVarint(UInt64(unsafeBitCast(value, to: UInt32.self))) }
        else if T.self == UInt16.self { appendVarint(UInt64(unsafeBitCast(value, to: UInt16.self))) }
        else if T.self == UInt8.self { appendVarint(UInt64(unsafeBitCast(value, to: UInt8.self))) }
        else if T.self == Bool.self { bytes.append(unsafeBitCast(value, to: Bool.self) ? 1 : 0) }
        else if T.self == Double.self { appendBits(unsafeBitCast(value, to: Double.self).bitPattern, bytes: 8) }
        else if T.self == Float.self { appendBits(UInt64(unsafeBitCast(value, to: Float.self).bitPattern), bytes: 4) }
        else { throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) is not a primitive")) }
    }

    /// Opens a value whose length is written once it is done; returns where its content is written.
    func begin() -> CompactPlace {
        bytes.append(0)
        open.append(bytes.count)
        return CompactPlace(depth: open.count, start: bytes.count)
    }

    /// Closes every open value deeper than `depth`, writing their lengths (0 for one made nil).
    func end(to depth: Int) {
        while open.count > depth {
            let start = open.removeLast()
            if nilPlaces.last == start {
                nilPlaces.removeLast()
                bytes[start - 1] = 0
                continue
            }
            let prefix = Self.varint(UInt64(bytes.count - start) + 1)
            if prefix.count == 1 {
                bytes[start - 1] = prefix[0]
            } else {
                bytes.replaceSubrange((start - 1)..<start, with: prefix)
            }
        }
    }

    /// Open places a single-value container made nil (their content stays empty).
    private var nilPlaces: [Int] = []

    func markNil(_ place: CompactPlace) { nilPlaces.append(place.start) }

    /// Makes `place` the innermost open value before a container there writes: what was opened inside it is
    /// done. A place that is no longer open (its parent wrote since) is a misuse.
    func settle(at place: CompactPlace) throws {
        guard open.count >= place.depth, open[place.depth - 1] == place.start else {
            throw EncodingError.invalidValue((), .init(codingPath: [], debugDescription: "a container was written to after its parent moved on"))
        }
        end(to: place.depth)
    }

    /// The first misuse met where a container cannot throw (opening a nested one); `encode` throws it at the end.
    private(set) var misuse: (any Error)?

    func remembering(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            if misuse == nil { misuse = error }
        }
    }

    func writeNil() { bytes.append(0) }

    func writeBool(_ flag: Bool) { writePrimitive { $0.bytes.append(flag ? 1 : 0) } }

    func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count) + 1)
            bytes.append(contentsOf: utf8)
        }
    }

    func writeSigned(_ value: Int64) { writePrimitive { $0.appendSigned(value) } }

    func writeUnsigned(_ value: UInt64) { writePrimitive { $0.appendVarint(value) } }

    func writeBits(_ value: UInt64, bytes count: Int) { writePrimitive { $0.appendBits(value, bytes: count) } }

    /// A primitive: a value of its own, closed as soon as its content is written.
    private func writePrimitive(_ body: (CompactWriter) throws -> Void) rethrows {
        let place = begin()
        try body(self)
        end(to: place.depth - 1)
    }

    func appendUTF8(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    func appendSigned(_ value: Int64) { appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    func appendBits(_ value: UInt64, bytes count: Int) {
        for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        let writer = CompactWriter()
        writer.appendVarint(value)
        return writer.bytes
    }
}

/// Where an open value's content is written: how deep, and where it starts (which tells it from a value opened
/// later at the same depth).
struct CompactPlace {
    var depth: Int
    var start: Int
}

/// The `Encoder` of one value: where it writes.
struct CompactEncoding: Encoder {
    let writer: CompactWriter
    let place: CompactPlace

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(CompactKeyedEncoding<Key>(writer: writer, place: place))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        CompactUnkeyedEncoding(writer: writer, place: place)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        CompactSingleValueEncoding(writer: writer, place: place)
    }
}
