import CLMDB

/// Ordered iteration over one database inside a transaction. Entries point into the map and are valid
/// only while the transaction is open.
public struct Cursor {
    /// One key/value pair under the cursor.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    let handle: OpaquePointer

    /// The first entry.
    public mutating func first() throws(LMDBError) -> Entry? { try move(MDB_FIRST) }
    /// The last entry.
    public mutating func last() throws(LMDBError) -> Entry? { try move(MDB_LAST) }
    /// The entry after the current one.
    public mutating func next() throws(LMDBError) -> Entry? { try move(MDB_NEXT) }
    /// The entry before the current one.
    public mutating func previous() throws(LMDBError) -> Entry? { try move(MDB_PREV) }

    /// The first entry whose key is greater than or equal to `key`.
    public mutating func seek(atLeast key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let code = mdb_cursor_get(handle, &k, &v, MDB_SET_RANGE)
        if code == MDB_NOTFOUND { return nil }
        try check(code)
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// The first entry whose key is greater than or equal to `key`.
    public mutating func seek(atLeast key: [UInt8]) throws(LMDBError) -> Entry? {
        try withBytes(key) { (k) throws(LMDBError) in try seek(atLeast: k) }
    }

    /// The last entry whose key is less than or equal to `key`.
    public mutating func seek(atMost key: [UInt8]) throws(LMDBError) -> Entry? {
        guard let found = try seek(atLeast: key) else { return try last() }
        if found.key.elementsEqual(key) { return found }
        return try previous()
    }

    /// Deletes the entry under the cursor (write transactions only).
    public mutating func deleteCurrent() throws(LMDBError) {
        try check(mdb_cursor_del(handle, 0))
    }

    private mutating func move(_ op: MDB_cursor_op) throws(LMDBError) -> Entry? {
        var k = MDB_val()
        var v = MDB_val()
        let code = mdb_cursor_get(handle, &k, &v, op)
        if code == MDB_NOTFOUND { return nil }
        try check(code)
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }
}
