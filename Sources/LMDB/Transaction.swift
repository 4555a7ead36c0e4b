import CLMDB

/// What read and write transactions share: point reads and cursors.
/// Returned buffers point into the memory map and are valid only until the transaction ends
/// (or, in a write transaction, until the next write).
public protocol Transaction {
    /// The raw `MDB_txn` pointer.
    var handle: OpaquePointer { get }
}

/// A read-only snapshot.
public struct ReadTransaction: Transaction {
    public let handle: OpaquePointer
}

/// The environment's single write transaction.
public struct WriteTransaction: Transaction {
    public let handle: OpaquePointer
}

/// How a put treats an existing key.
public struct PutFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Fail with `keyExists` instead of overwriting.
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every existing key: LMDB skips the search (fast sequential load).
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
}

extension Transaction {
    /// The value stored under `key`, or `nil`.
    public func get(_ db: Database, key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let code = mdb_get(handle, db.dbi, &k, &v)
        if code == MDB_NOTFOUND { return nil }
        try check(code)
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// The value stored under `key`, or `nil`.
    public func get(_ db: Database, key: [UInt8]) throws(LMDBError) -> UnsafeRawBufferPointer? {
        try withBytes(key) { (buffer) throws(LMDBError) in try get(db, key: buffer) }
    }

    /// Runs `body` with a cursor over `db`, closed when `body` returns.
    public func withCursor<R>(_ db: Database, _ body: (inout Cursor) throws -> R) throws -> R {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(handle, db.dbi, &cursor))
        guard let cursor else { throw LMDBError.badTransaction }
        defer { mdb_cursor_close(cursor) }
        var wrapped = Cursor(handle: cursor)
        return try body(&wrapped)
    }

    /// Number of entries in `db`.
    public func count(_ db: Database) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, db.dbi, &stat))
        return stat.ms_entries
    }
}

extension WriteTransaction {
    /// Stores `value` under `key`.
    public func put(
        _ db: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: PutFlags = []
    ) throws(LMDBError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_put(handle, db.dbi, &k, &v, flags.rawValue))
    }

    /// Stores `value` under `key`.
    public func put(_ db: Database, key: [UInt8], value: [UInt8], flags: PutFlags = []) throws(LMDBError) {
        try withBytes(key) { (k) throws(LMDBError) in
            try withBytes(value) { (v) throws(LMDBError) in try put(db, key: k, value: v, flags: flags) }
        }
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place (`MDB_RESERVE`): no extra copy.
    public func reserve(
        _ db: Database, key: UnsafeRawBufferPointer, count: Int, flags: PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws(LMDBError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: count, mv_data: nil)
        try check(mdb_put(handle, db.dbi, &k, &v, flags.rawValue | UInt32(MDB_RESERVE)))
        fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: count))
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place (`MDB_RESERVE`).
    public func reserve(
        _ db: Database, key: [UInt8], count: Int, flags: PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws(LMDBError) {
        try withBytes(key) { (k) throws(LMDBError) in try reserve(db, key: k, count: count, flags: flags, fill: fill) }
    }

    /// Removes `key`; returns whether it existed.
    @discardableResult
    public func delete(_ db: Database, key: UnsafeRawBufferPointer) throws(LMDBError) -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let code = mdb_del(handle, db.dbi, &k, nil)
        if code == MDB_NOTFOUND { return false }
        try check(code)
        return true
    }

    /// Removes `key`; returns whether it existed.
    @discardableResult
    public func delete(_ db: Database, key: [UInt8]) throws(LMDBError) -> Bool {
        try withBytes(key) { (k) throws(LMDBError) in try delete(db, key: k) }
    }

    /// Removes every entry of `db`, keeping the database itself.
    public func clear(_ db: Database) throws(LMDBError) {
        try check(mdb_drop(handle, db.dbi, 0))
    }
}

/// `Array.withUnsafeBytes` keeping a typed error (the standard library's version only rethrows `any Error`).
/// Public so the layers above reuse it instead of writing their own.
@inline(__always)
public func withBytes<R, E: Error>(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(E) -> R
) throws(E) -> R {
    let result = bytes.withUnsafeBytes { buffer in Result { () throws(E) in try body(buffer) } }
    return try result.get()
}
