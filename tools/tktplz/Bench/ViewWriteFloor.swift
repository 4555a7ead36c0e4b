import Foundation
import LMDB
import Projections

/// The floor under the writing half of a rebuild: every row a rebuild wrote (already encoded, already in key order)
/// copied into an empty store, appended (`MDB_APPEND`: no descent of the tree, pages filled not split) in fsync'd
/// commits of 50,000 rows, as a rebuild's flushes commit them. No fold, no encoding, no sort: whatever the folds
/// cost, a rebuild that writes these rows cannot run faster than this.
struct ViewWriteFloor {
    var rows = 0
    var bytes = 0
    var seconds = 0.0

    /// Copies the view tables of every projection in `projections` (an environment nobody has open) into a new
    /// one in `scratch`; only the writing is timed, each chunk read into memory first.
    static func measure(projections: String, scratch: String) throws -> ViewWriteFloor {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let source = try Environment(path: projections, options: .init(maxDatabases: 64, readOnly: true))
        let target = try Environment(path: scratch, options: .init(mapSize: 16 << 30, maxDatabases: 64, durable: true))
        var floor = ViewWriteFloor()
        let clock = ContinuousClock()
        for entry in ProjectionCatalog.all {
            // A store's two tables per projection: a rebuild fills one, the other stays as it was.
            for name in ["view:\(entry.name)", "view:\(entry.name)~b"] {
                let table: Database
                do { table = try source.openDatabase(name) } catch .notFound { continue }
                let copy = try target.openDatabase(name)
                var after: [UInt8]?
                while true {
                    let chunk = try Self.chunk(of: table, in: source, after: after)
                    guard let last = chunk.last else { break }
                    let started = clock.now
                    try target.write { txn in
                        for row in chunk { try txn.put(copy, key: row.key, value: row.value, flags: .append) }
                    }
                    floor.seconds += (clock.now - started).seconds
                    floor.rows += chunk.count
                    floor.bytes += chunk.reduce(0) { $0 + $1.key.count + $1.value.count }
                    after = last.key
                }
            }
        }
        return floor
    }

    static let rowsPerCommit = 50_000

    /// The next rows of `table` after `key` (from the first without one), copied out of the map.
    private static func chunk(of table: Database, in environment: Environment, after key: [UInt8]?) throws -> [(key: [UInt8], value: [UInt8])] {
        try environment.read { txn in
            try txn.withCursor(table) { cursor in
                var rows: [(key: [UInt8], value: [UInt8])] = []
                var entry = try key.map { key in try cursor.seek(atLeast: key) } ?? cursor.first()
                // The chunk before ended at `key`: start after it.
                if let key, let found = entry, found.key.elementsEqual(key) { entry = try cursor.next() }
                while let current = entry, rows.count < rowsPerCommit {
                    rows.append((Array(current.key), Array(current.value)))
                    entry = try cursor.next()
                }
                return rows
            }
        }
    }
}
