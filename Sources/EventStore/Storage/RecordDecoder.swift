import Foundation

/// Decodes records into `RecordedEvent`s, reusing the strings of stream and type names seen just before:
/// consecutive records often share them, and decoding a name allocates when it is longer than 15 bytes.
struct RecordDecoder {
    private var lastStream: StreamName?
    private var recentTypes: [String] = []

    mutating func decode(_ bytes: UnsafeRawBufferPointer, at position: UInt64) throws(EventStoreError) -> RecordedEvent {
        decode(try RecordEncoding.Layout(bytes, at: position))
    }

    mutating func decode(_ layout: RecordEncoding.Layout) -> RecordedEvent {
        let bytes = layout.bytes
        return RecordedEvent(
            position: GlobalPosition(layout.position),
            stream: stream(layout.streamBytes),
            streamVersion: StreamVersion(layout.streamVersion),
            type: type(layout.typeBytes),
            recordedAt: Date(timeIntervalSince1970: Double(layout.recordedAtMicros) / 1_000_000),
            id: EventID(layout.eventID),
            correlationID: layout.flags & 1 != 0 ? CorrelationID(RecordEncoding.loadUUID(bytes, at: 52)) : nil,
            causationID: layout.flags & 2 != 0 ? EventID(RecordEncoding.loadUUID(bytes, at: 68)) : nil,
            payload: Data(layout.payloadBytes),
            hash: ChainHash(layout.hashBytes)
        )
    }

    private mutating func stream(_ bytes: UnsafeRawBufferPointer) -> StreamName {
        if let last = lastStream, bytes.equalsUTF8(of: last.rawValue) { return last }
        let name = StreamName(trusted: String(decoding: bytes, as: UTF8.self))
        lastStream = name
        return name
    }

    private mutating func type(_ bytes: UnsafeRawBufferPointer) -> String {
        // A log has few distinct types; a short list in recent-use order finds most of them in a compare or two.
        if let index = recentTypes.firstIndex(where: { bytes.equalsUTF8(of: $0) }) {
            let found = recentTypes[index]
            if index > 0 { recentTypes.swapAt(index, index - 1) }
            return found
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if recentTypes.count < 8 { recentTypes.append(name) } else { recentTypes[recentTypes.count - 1] = name }
        return name
    }
}
