/// A keyed container: each entry is the key, then the value.
struct CompactKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CompactWriter
    let place: CompactPlace

    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) throws {
        try writer.settle(at: place)
        writer.writeString(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try self.key(key); writer.writeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try self.key(key); writer.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try self.key(key); writer.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try self.key(key); writer.writeBits(value.bitPattern, bytes: 8) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try self.key(key); writer.writeBits(UInt64(value.bitPattern), bytes: 4) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try self.key(key); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try self.key(key); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try self.key(key); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try self.key(key); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try self.key(key); writer.writeSigned(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try self.key(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try self.key(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try self.key(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try self.key(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try self.key(key); writer.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try self.key(key); try writer.encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.remembering { try self.key(key) }
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(writer: writer, place: writer.begin()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.remembering { try self.key(key) }
        return CompactUnkeyedEncoding(writer: writer, place: writer.begin())
    }

    mutating func superEncoder() -> any Encoder {
        writer.remembering { try writer.settle(at: place) }
        writer.writeString("super")
        return CompactEncoding(writer: writer, place: writer.begin())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.remembering { try self.key(key) }
        return CompactEncoding(writer: writer, place: writer.begin())
    }
}

/// An unkeyed container: its elements one after another.
struct CompactUnkeyedEncoding: UnkeyedEncodingContainer {
    let writer: CompactWriter
    let place: CompactPlace
    private(set) var count = 0

    init(writer: CompactWriter, place: CompactPlace) {
        self.writer = writer
        self.place = place
    }

    var codingPath: [any CodingKey] { [] }

    private mutating func element() throws {
        try writer.settle(at: place)
        count += 1
    }

    mutating func encodeNil() throws { try element(); writer.writeNil() }
    mutating func encode(_ value: Bool) throws { try element(); writer.writeBool(value) }
    mutating func encode(_ value: String) throws { try element(); writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try element(); writer.writeBits(value.bitPattern, bytes: 8) }
    mutating func encode(_ value: Float) throws { try element(); writer.writeBits(UInt64(value.bitPattern), bytes: 4) }
    mutating func encode(_ value: Int) throws { try element(); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try element(); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try element(); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try element(); writer.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try element(); writer.writeSigned(value) }
    mutating func encode(_ value: UInt) throws { try element(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try element(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try element(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try element(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try element(); writer.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try element(); try writer.encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.remembering { try element() }
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(writer: writer, place: writer.begin()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.remembering { try element() }
        return CompactUnkeyedEncoding(writer: writer, place: writer.begin())
    }

    mutating func superEncoder() -> any Encoder {
        writer.remembering { try element() }
        return CompactEncoding(writer: writer, place: writer.begin())
    }
}

/// A single value is transparent, as in JSON: its content is the content of the place opened for the value that
/// asked for it (an identifier wrapping a string is stored exactly as the string), and a nil makes the place nil.
/// So `singleValueContainer().decode(X.self)` and `X(from: decoder)` read the same bytes.
struct CompactSingleValueEncoding: SingleValueEncodingContainer {
    let writer: CompactWriter
    let place: CompactPlace

    var codingPath: [any CodingKey] { [] }

    private func settle() throws { try writer.settle(at: place) }

    mutating func encodeNil() throws { try settle(); writer.markNil(place) }
    mutating func encode(_ value: Bool) throws { try settle(); writer.bytes.append(value ? 1 : 0) }
    mutating func encode(_ value: String) throws { try settle(); writer.appendUTF8(value) }
    mutating func encode(_ value: Double) throws { try settle(); writer.appendBits(value.bitPattern, bytes: 8) }
    mutating func encode(_ value: Float) throws { try settle(); writer.appendBits(UInt64(value.bitPattern), bytes: 4) }
    mutating func encode(_ value: Int) throws { try settle(); writer.appendSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try settle(); writer.appendSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try settle(); writer.appendSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try settle(); writer.appendSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try settle(); writer.appendSigned(value) }
    mutating func encode(_ value: UInt) throws { try settle(); writer.appendVarint(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try settle(); writer.appendVarint(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try settle(); writer.appendVarint(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try settle(); writer.appendVarint(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try settle(); writer.appendVarint(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try settle()
        try writer.encodeContent(value, at: place)
    }
}
