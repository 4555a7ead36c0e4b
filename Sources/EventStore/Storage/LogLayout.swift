package import Foundation
import LMDB

/// The named databases of the events environment and their key formats.
///
/// NOTE: storage contract. `log` is the source of truth; `streams` is an index rebuilt from it (on open, for
/// entries past its checkpoint; and by `tktplz log import`).
package struct LogLayout: Sendable {
    /// position (8 bytes big-endian) -> record envelope (`RecordEncoding`).
    let log: Database
    /// stream name ‖ 0x00 ‖ version (8 bytes big-endian) -> position (8 bytes big-endian).
    let streams: Database
    /// due time (µs, 8 bytes big-endian) ‖ schedule id (16 bytes) -> scheduled event envelope.
    let schedule: Database
    /// schedule id (16 bytes) -> its key in `schedule`, to move or cancel it.
    let scheduleIDs: Database
    /// Settings of the store itself; `indexedThrough` -> the last position whose `streams` entry is written.
    let meta: Database

    static let databaseCount = 5

    /// The `meta` key holding the stream index's checkpoint.
    static let indexedThroughKey = Array("indexedThrough".utf8)

    init(environment: Environment) throws(LMDBError) {
        log = try environment.openDatabase("log")
        streams = try environment.openDatabase("streams")
        schedule = try environment.openDatabase("schedule")
        scheduleIDs = try environment.openDatabase("scheduleIDs")
        meta = try environment.openDatabase("meta")
    }

    /// The key of a stream's event at `version`.
    static func streamKey(_ stream: StreamName, _ version: UInt64) -> [UInt8] {
        var key = Array(stream.rawValue.utf8)
        key.append(0)
        key.append(contentsOf: BigEndianKey.bytes(version))
        return key
    }

    /// The first key after every key of `stream` (the separator byte raised by one).
    static func streamEndKey(_ stream: StreamName) -> [UInt8] {
        var key = Array(stream.rawValue.utf8)
        key.append(1)
        return key
    }

    /// Whether `key` belongs to `stream` in the `streams` database.
    static func isStreamKey(_ key: UnsafeRawBufferPointer, of stream: StreamName) -> Bool {
        let name = stream.rawValue.utf8
        guard key.count == name.count + 9, key[name.count] == 0 else { return false }
        return key.prefix(name.count).elementsEqual(name)
    }

    /// The key of a scheduled event in `schedule`.
    static func scheduleKey(due: Date, id: ScheduleID) -> [UInt8] {
        BigEndianKey.bytes(UInt64(max(0, micros(due)))) + id.rawValue.bytes
    }

    /// Microseconds since 1970, the log's time unit.
    package static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
