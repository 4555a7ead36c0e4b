public import Foundation
import LMDB

/// A record read in place from the memory map: fields decode when asked and nothing is copied until then.
/// Like an `UnsafeRawBufferPointer`, a view is valid only inside the `scan` closure that received it;
/// call `recorded()` to keep a record beyond it.
public struct RecordView {
    let layout: RecordEncoding.Layout

    /// Place in the whole log.
    public var position: GlobalPosition { GlobalPosition(layout.position) }
    /// Place in its stream.
    public var streamVersion: StreamVersion { StreamVersion(layout.streamVersion) }
    /// When the store wrote it.
    public var recordedAt: Date { Date(timeIntervalSince1970: Double(layout.recordedAtMicros) / 1_000_000) }
    /// The caller's id for the event.
    public var id: EventID { EventID(layout.eventID) }
    /// The stored type name's UTF-8 bytes.
    public var typeBytes: UnsafeRawBufferPointer { layout.typeBytes }
    /// The stream name's UTF-8 bytes.
    public var streamBytes: UnsafeRawBufferPointer { layout.streamBytes }
    /// The payload bytes, in place.
    public var payload: UnsafeRawBufferPointer { layout.payloadBytes }

    /// The stored type name (allocates for names over 15 bytes).
    public var type: String { String(decoding: layout.typeBytes, as: UTF8.self) }
    /// The stream (allocates for names over 15 bytes).
    public var stream: StreamName { StreamName(trusted: String(decoding: layout.streamBytes, as: UTF8.self)) }

    /// Whether the stored type is `name`, compared byte for byte without decoding.
    public func hasType(_ name: String) -> Bool { layout.typeBytes.equalsUTF8(of: name) }

    /// A copy that outlives the scan.
    public func recorded() -> RecordedEvent {
        var decoder = RecordDecoder()
        return decoder.decode(layout)
    }
}

extension LMDBEventLog {
    /// Visits records from `position` (inclusive) in order, in place, until `visit` returns false or the log ends;
    /// returns how many were visited. The fast path for rebuilds and audits: no allocation per record.
    /// Reads in snapshots of `chunk` records, so a long scan never pins an old snapshot.
    @discardableResult
    public func scan(
        from position: GlobalPosition, chunk: Int = 100_000, _ visit: (RecordView) throws -> Bool
    ) throws(EventStoreError) -> UInt64 {
        var next = max(position.rawValue, 1)
        var visited: UInt64 = 0
        while true {
            let (count, last, more) = try readSnapshot("scanning the log from position \(next)") { txn in
                try txn.withCursor(layout.log) { cursor -> (UInt64, UInt64, Bool) in
                    var count: UInt64 = 0
                    var last = next
                    var entry = try cursor.seek(atLeast: BigEndianKey.bytes(next))
                    while let current = entry, count < chunk {
                        guard let key = BigEndianKey.read(current.key) else {
                            throw EventStoreError(.corrupted, "a key of the log is not a position")
                        }
                        count += 1
                        last = key
                        guard try visit(RecordView(layout: RecordEncoding.Layout(current.value, at: key))) else {
                            return (count, last, false)
                        }
                        entry = try cursor.next()
                    }
                    return (count, last, entry != nil)
                }
            }
            visited += count
            next = last + 1
            if !more { return visited }
        }
    }
}
