import Foundation

/// A scheduled event's bytes in the `schedule` database: the log's record envelope (position 0, the due time
/// as its timestamp, an unused hash) followed by the 16-byte schedule id. The hash is left zero: the event is chained
/// when it fires and is appended, and hashing it here as well cost a sixth of a hold's SHA-256 (callgrind); entries
/// written with a hash still read, since nothing reads it.
package enum ScheduleEncoding {
    package static func encode(_ scheduled: ScheduledEvent) -> [UInt8] {
        let size = RecordEncoding.size(
            streamBytes: scheduled.stream.rawValue.utf8.count, typeBytes: scheduled.event.type.utf8.count,
            payloadBytes: scheduled.event.payload.count)
        var bytes = [UInt8](repeating: 0, count: size + 16)
        bytes.withUnsafeMutableBytes { out in
            let fields = RecordEncoding.Fields(
                position: 0, streamVersion: 0, recordedAtMicros: LogLayout.micros(scheduled.due),
                stream: scheduled.stream, event: scheduled.event)
            _ = RecordEncoding.write(fields, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<size]))
            RecordEncoding.storeUUID(scheduled.id.rawValue, into: out, at: size)
        }
        return bytes
    }

    package static func decode(_ bytes: UnsafeRawBufferPointer) throws(EventStoreError) -> ScheduledEvent {
        guard bytes.count > 16 else { throw EventStoreError(.undecodableRecord, "a scheduled event is truncated") }
        let recordBytes = UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 16)])
        let record = try RecordEncoding.decode(recordBytes, at: 0)
        let id = ScheduleID(RecordEncoding.loadUUID(bytes, at: bytes.count - 16))
        let event = NewEvent(
            id: record.id, type: record.type, payload: record.payload,
            correlationID: record.correlationID, causationID: record.causationID)
        return ScheduledEvent(id: id, due: record.recordedAt, stream: record.stream, event: event)
    }
}
