/// A keyed container's entries, found once when the container is opened. Lookups try the entry after the last
/// one found first: conformances read their keys in the order they wrote them.
final class CompactEntries {
    struct Entry {
        var key: Range<Int>
        /// `nil`: a stored nil.
        var content: Range<Int>?
    }

    let entries: ContiguousArray<Entry>
    private var next = 0

    init(reader: CompactReader, content: Range<Int>) throws {
        var entries = ContiguousArray<Entry>()
        var cursor = content.lowerBound
        while cursor < content.upperBound {
            let (key, afterKey) = try reader.value(at: cursor)
            guard let key else { throw CompactDecoder.corrupt("a keyed entry has no key") }
            let (value, afterValue) = try reader.value(at: afterKey)
            entries.append(Entry(key: key, content: value))
            cursor = afterValue
        }
        guard cursor == content.upperBound else { throw CompactDecoder.corrupt("a keyed container runs past its end") }
        self.entries = entries
    }

    func find(_ key: some CodingKey, in reader: CompactReader) -> Entry? {
        var name = key.stringValue
        return name.withUTF8 { wanted -> Entry? in
            let count = entries.count
            guard count > 0 else { return nil }
            for step in 0..<count {
                let index = (next + step) % count
                let range = entries[index].key
                guard range.count == wanted.count else { continue }
                if UnsafeRawBufferPointer(rebasing: reader.bytes[range]).elementsEqual(UnsafeRawBufferPointer(wanted)) {
                    next = index + 1
                    return entries[index]
                }
            }
            return nil
        }
    }
}

struct CompactKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: CompactReader
    let entries: CompactEntries

    init(reader: CompactReader, content: Range<Int>) throws {
        self.reader = reader
        entries = try CompactEntries(reader: reader, content: content)
    }

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] { entries.entries.compactMap { Key(stringValue: reader.string($0.key)) } }

    func contains(_ key: Key) -> Bool { entries.find(key, in: reader) != nil }

    private func content(_ key: Key) throws -> Range<Int> {
        guard let entry = entries.find(key, in: reader) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value stored for \(key.stringValue)"))
        }
        guard let content = entry.content else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: [key], debugDescription: "\(key.stringValue) is nil"))
        }
        return content
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entry = entries.find(key, in: reader) else { return true }
        return entry.content == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let entry = entries.find(key, in: reader) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value stored for \(key.stringValue)"))
        }
        return try reader.decodeValue(type, entry.content)
    }

    // One lookup instead of the default's three (contains, decodeNil, decode).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let entry = entries.find(key, in: reader), let content = entry.content else { return nil }
        return try reader.decodeValue(type, content)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.bool(try content(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { reader.string(try content(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try reader.decodeValue(type, try content(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try reader.decodeValue(type, try content(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.integer(type, try content(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.integer(type, try content(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.integer(type, try content(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.integer(type, try content(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.integer(type, try content(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.integer(type, try content(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.integer(type, try content(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.integer(type, try content(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.integer(type, try content(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.integer(type, try content(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try CompactKeyedDecoding<NestedKey>(reader: reader, content: try content(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        CompactUnkeyedDecoding(reader: reader, content: try content(key))
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else { throw CompactDecoder.corrupt("no super key") }
        return try superDecoder(forKey: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        CompactDecoding(reader: reader, content: try content(key))
    }
}

struct CompactUnkeyedDecoding: UnkeyedDecodingContainer {
    let reader: CompactReader
    let end: Int
    private var cursor: Int
    private(set) var currentIndex = 0

    init(reader: CompactReader, content: Range<Int>) {
        self.reader = reader
        end = content.upperBound
        cursor = content.lowerBound
    }

    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var isAtEnd: Bool { cursor >= end }

    /// The next element's content, `nil` for a stored nil.
    private mutating func nextStored() throws -> Range<Int>? {
        guard !isAtEnd else { throw CompactDecoder.corrupt("an array has no more elements (index \(currentIndex))") }
        let (content, after) = try reader.value(at: cursor)
        guard after <= end else { throw CompactDecoder.corrupt("an array runs past its end") }
        cursor = after
        currentIndex += 1
        return content
    }

    private mutating func next() throws -> Range<Int> {
        let index = currentIndex
        guard let content = try nextStored() else { throw CompactDecoder.corrupt("element \(index) is nil") }
        return content
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, reader.bytes[cursor] == 0 else { return false }
        cursor += 1
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(type, try nextStored()) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(try next()) }
    mutating func decode(_ type: String.Type) throws -> String { reader.string(try next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try reader.decodeValue(type, try next()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try reader.decodeValue(type, try next()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, try next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, try next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, try next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, try next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, try next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, try next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, try next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, try next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, try next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, try next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try CompactKeyedDecoding<NestedKey>(reader: reader, content: try next()))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        CompactUnkeyedDecoding(reader: reader, content: try next())
    }

    mutating func superDecoder() throws -> any Decoder {
        CompactDecoding(reader: reader, content: try next())
    }
}

/// A single value is transparent (see `CompactSingleValueEncoding`): it reads the content of the value that
/// asked for it.
struct CompactSingleValueDecoding: SingleValueDecodingContainer {
    let reader: CompactReader
    /// `nil`: a stored nil.
    let content: Range<Int>?

    var codingPath: [any CodingKey] { [] }

    private func value<T>(_: T.Type) throws -> Range<Int> {
        guard let content else { throw CompactReader.isNil(T.self) }
        return content
    }

    func decodeNil() -> Bool { content == nil }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(type, content) }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(try value(type)) }
    func decode(_ type: String.Type) throws -> String { reader.string(try value(type)) }
    func decode(_ type: Double.Type) throws -> Double { try reader.decodeValue(type, try value(type)) }
    func decode(_ type: Float.Type) throws -> Float { try reader.decodeValue(type, try value(type)) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, try value(type)) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, try value(type)) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, try value(type)) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, try value(type)) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, try value(type)) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, try value(type)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, try value(type)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, try value(type)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, try value(type)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, try value(type)) }
}
