import Foundation

/// The binary envelope of one log record (format 1). Little-endian fixed-width fields, then the variable parts:
///
///     0  u8  format      1  u8  flags (1: correlation, 2: causation)
///     2  u16 stream len  4  u16 type len     6  u16 reserved   8  u32 payload len
///     12 u64 position    20 u64 stream version                28 i64 recorded-at (µs since 1970)
///     36 16B event id    52 16B correlation id                68 16B causation id
///     84 stream name, type name, payload, then the 32-byte SHA-256 chain hash
///
/// NOTE: this is the storage contract of the log; changing it needs a new format number and a reader for the old.
package enum RecordEncoding {
    static let format: UInt8 = 1
    static let headerSize = 84
    package static let hashSize = 32
    static let maxPayload = 16 << 20

    /// The fields of a record before hashing.
    package struct Fields {
        var position: UInt64
        var streamVersion: UInt64
        var recordedAtMicros: Int64
        var stream: StreamName
        var event: NewEvent

        package init(position: UInt64, streamVersion: UInt64, recordedAtMicros: Int64, stream: StreamName, event: NewEvent) {
            self.position = position
            self.streamVersion = streamVersion
            self.recordedAtMicros = recordedAtMicros
            self.stream = stream
            self.event = event
        }
    }

    /// Total encoded size of a record with these variable parts.
    package static func size(streamBytes: Int, typeBytes: Int, payloadBytes: Int) -> Int {
        headerSize + streamBytes + typeBytes + payloadBytes + hashSize
    }

    /// Writes `fields` into `out` (exactly `size(...)` bytes) and returns the chain hash it stored,
    /// computed over `previousHash` and every byte before the hash.
    package static func encode(_ fields: Fields, previousHash: ChainHash, into out: UnsafeMutableRawBufferPointer) -> ChainHash {
        let offset = write(fields, into: out)
        let hash = previousHash.chained(with: UnsafeRawBufferPointer(rebasing: out[0..<offset]))
        hash.write(into: out, at: offset)
        return hash
    }

    /// Writes `fields` into `out` up to the hash, which it leaves as it is; returns where the hash goes.
    package static func write(_ fields: Fields, into out: UnsafeMutableRawBufferPointer) -> Int {
        var stream = fields.stream.rawValue
        var type = fields.event.type
        let streamCount = stream.utf8.count
        let typeCount = type.utf8.count
        let payloadCount = fields.event.payload.count
        var flags: UInt8 = 0
        if fields.event.correlationID != nil { flags |= 1 }
        if fields.event.causationID != nil { flags |= 2 }
        out.storeBytes(of: format, toByteOffset: 0, as: UInt8.self)
        out.storeBytes(of: flags, toByteOffset: 1, as: UInt8.self)
        out.storeBytes(of: UInt16(streamCount).littleEndian, toByteOffset: 2, as: UInt16.self)
        out.storeBytes(of: UInt16(typeCount).littleEndian, toByteOffset: 4, as: UInt16.self)
        out.storeBytes(of: UInt16(0), toByteOffset: 6, as: UInt16.self)
        out.storeBytes(of: UInt32(payloadCount).littleEndian, toByteOffset: 8, as: UInt32.self)
        out.storeBytes(of: fields.position.littleEndian, toByteOffset: 12, as: UInt64.self)
        out.storeBytes(of: fields.streamVersion.littleEndian, toByteOffset: 20, as: UInt64.self)
        out.storeBytes(of: fields.recordedAtMicros.littleEndian, toByteOffset: 28, as: Int64.self)
        storeUUID(fields.event.id.rawValue, into: out, at: 36)
        storeUUID(fields.event.correlationID?.rawValue, into: out, at: 52)
        storeUUID(fields.event.causationID?.rawValue, into: out, at: 68)
        var offset = headerSize
        offset += stream.withUTF8 { copy(UnsafeRawBufferPointer($0), into: out, at: offset) }
        offset += type.withUTF8 { copy(UnsafeRawBufferPointer($0), into: out, at: offset) }
        offset += fields.event.payload.withUnsafeBytes { copy($0, into: out, at: offset) }
        return offset
    }

    /// The bytes of a record read from any log, encoded again after `previousHash`, and the hash they chain to:
    /// the stored bytes again, when that hash is the record's own.
    package static func bytes(of record: RecordedEvent, previousHash: ChainHash) -> (bytes: [UInt8], hash: ChainHash) {
        let event = NewEvent(id: record.id, type: record.type, payload: record.payload, correlationID: record.correlationID,
                             causationID: record.causationID)
        let fields = Fields(position: record.position.rawValue, streamVersion: record.streamVersion.rawValue,
                            recordedAtMicros: LogLayout.micros(record.recordedAt), stream: record.stream, event: event)
        var bytes = [UInt8](repeating: 0, count: size(streamBytes: record.stream.rawValue.utf8.count, typeBytes: record.type.utf8.count,
                                                     payloadBytes: record.payload.count))
        let hash = bytes.withUnsafeMutableBytes { encode(fields, previousHash: previousHash, into: $0) }
        return (bytes, hash)
    }

    /// Decodes a whole record; throws `.undecodableRecord` naming the position if the bytes do not parse.
    package static func decode(_ bytes: UnsafeRawBufferPointer, at position: UInt64) throws(EventStoreError) -> RecordedEvent {
        var decoder = RecordDecoder()
        return try decoder.decode(bytes, at: position)
    }

    /// Offsets of a record's parts, checked against its length; nothing is copied.
    struct Layout {
        let bytes: UnsafeRawBufferPointer
        let flags: UInt8
        let position: UInt64
        let streamVersion: UInt64
        let recordedAtMicros: Int64
        let streamBytes: UnsafeRawBufferPointer
        let typeBytes: UnsafeRawBufferPointer
        let payloadBytes: UnsafeRawBufferPointer
        let hashBytes: UnsafeRawBufferPointer

        init(_ bytes: UnsafeRawBufferPointer, at key: UInt64) throws(EventStoreError) {
            guard bytes.count >= RecordEncoding.headerSize + RecordEncoding.hashSize else {
                throw EventStoreError(.undecodableRecord, "record at position \(key) is truncated (\(bytes.count) bytes)")
            }
            guard bytes[0] == RecordEncoding.format else {
                throw EventStoreError(.undecodableRecord, "record at position \(key) has unknown format \(bytes[0])")
            }
            let streamCount = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            let typeCount = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
            let payloadCount = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
            let expected = RecordEncoding.size(streamBytes: streamCount, typeBytes: typeCount, payloadBytes: payloadCount)
            guard bytes.count == expected else {
                throw EventStoreError(
                    .undecodableRecord, "record at position \(key) is \(bytes.count) bytes but its header says \(expected)")
            }
            self.bytes = bytes
            flags = bytes[1]
            position = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
            streamVersion = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 20, as: UInt64.self))
            recordedAtMicros = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 28, as: Int64.self))
            var offset = RecordEncoding.headerSize
            streamBytes = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + streamCount)])
            offset += streamCount
            typeBytes = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + typeCount)])
            offset += typeCount
            payloadBytes = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + payloadCount)])
            offset += payloadCount
            hashBytes = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            guard position == key else {
                throw EventStoreError(.corrupted, "record stored at position \(key) says it is at position \(position)")
            }
        }

        /// Every byte the chain hash covers.
        var hashedBytes: UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - RecordEncoding.hashSize)])
        }

        /// The event id.
        var eventID: UUID { RecordEncoding.loadUUID(bytes, at: 36) }
    }

    private static func copy(_ source: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        guard let base = source.baseAddress, source.count > 0 else { return source.count }
        (out.baseAddress! + offset).copyMemory(from: base, byteCount: source.count)
        return source.count
    }

    static func storeUUID(_ uuid: UUID?, into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        withUnsafeBytes(of: uuid?.uuid ?? UUID.zeroBytes) { source in
            (out.baseAddress! + offset).copyMemory(from: source.baseAddress!, byteCount: 16)
        }
    }

    static func loadUUID(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UUID {
        var raw = UUID.zeroBytes
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 16)])) }
        return UUID(uuid: raw)
    }
}

extension UUID {
    static let zeroBytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The 16 bytes of the UUID, as stored in index keys.
    var bytes: [UInt8] { withUnsafeBytes(of: uuid) { Array($0) } }
}
