import CLMDB
import Foundation

/// An open LMDB environment: one memory-mapped file pair in a directory, with named databases inside.
///
/// Transactions are closure-scoped and synchronous by signature, because LMDB requires a transaction and its
/// cursors to stay on one thread; an `await` inside `read {}` or `write {}` does not compile.
/// `MDB_NOTLS` is always set so that read transactions are not tied to a thread (Swift tasks hop threads).
public final class Environment: @unchecked Sendable {
    /// How to open an environment.
    public struct Options: Sendable {
        /// Initial size of the memory map in bytes; it grows later through `setMapSize`.
        public var mapSize: Int
        /// How many named databases may be opened.
        public var maxDatabases: Int
        /// How many read transactions may be open at once (reader slots).
        public var maxReaders: Int
        /// `false` sets `MDB_NOSYNC`: commits do not fsync (a crash of the OS may lose recent commits).
        public var durable: Bool
        /// `true` sets `MDB_RDONLY`: no write transactions, and the directory must already hold an environment.
        public var readOnly: Bool

        public init(
            mapSize: Int = 1 << 30, maxDatabases: Int = 16, maxReaders: Int = 512, durable: Bool = true, readOnly: Bool = false
        ) {
            self.mapSize = mapSize
            self.maxDatabases = maxDatabases
            self.maxReaders = maxReaders
            self.durable = durable
            self.readOnly = readOnly
        }
    }

    let handle: OpaquePointer
    /// Open transactions hold it shared; a map resize holds it exclusively, since LMDB forbids
    /// `mdb_env_set_mapsize` while any transaction of this process is open.
    let resizeLock = ReadWriteLock()
    /// The directory holding `data.mdb` and `lock.mdb`.
    public let path: String
    /// Whether it was opened read-only.
    public let isReadOnly: Bool

    /// Opens (creating if needed) the environment in directory `path`.
    public init(path: String, options: Options = Options()) throws(LMDBError) {
        if options.readOnly {
            guard FileManager.default.fileExists(atPath: path + "/data.mdb") else { throw .system(errno: ENOENT) }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .system(errno: EACCES)
            }
        }
        var env: OpaquePointer?
        try check(mdb_env_create(&env))
        guard let env else { throw .invalid }
        do {
            try check(mdb_env_set_mapsize(env, options.mapSize))
            try check(mdb_env_set_maxdbs(env, MDB_dbi(options.maxDatabases)))
            try check(mdb_env_set_maxreaders(env, UInt32(options.maxReaders)))
            var flags = UInt32(MDB_NOTLS)
            if !options.durable { flags |= UInt32(MDB_NOSYNC) }
            if options.readOnly { flags |= UInt32(MDB_RDONLY) }
            try check(mdb_env_open(env, path, flags, 0o644))
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        self.isReadOnly = options.readOnly
    }

    deinit { mdb_env_close(handle) }

    /// Opens a named database, creating it if missing (read-only environments: `notFound` if missing).
    /// Call it once per name at start-up, before other transactions run (LMDB's rule for `mdb_dbi_open`).
    public func openDatabase(_ name: String) throws(LMDBError) -> Database {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, isReadOnly ? UInt32(MDB_RDONLY) : 0, &txn))
        guard let txn else { throw .badTransaction }
        var dbi = MDB_dbi()
        let code = mdb_dbi_open(txn, name, isReadOnly ? 0 : UInt32(MDB_CREATE), &dbi)
        guard code == MDB_SUCCESS else {
            mdb_txn_abort(txn)
            throw LMDBError(code: code)
        }
        try check(mdb_txn_commit(txn))
        return Database(dbi: dbi, name: name)
    }

    /// Runs `body` in a read-only transaction: a consistent snapshot, never blocking the writer.
    public func read<R>(_ body: (ReadTransaction) throws -> R) throws -> R {
        do {
            return try readOnce(body)
        } catch LMDBError.mapResized {
            try adoptGrownMap()
            return try readOnce(body)
        }
    }

    /// Runs `body` in the write transaction and commits when it returns; any thrown error aborts it,
    /// so a batch is written whole or not at all. LMDB allows one writer per environment at a time.
    public func write<R>(_ body: (WriteTransaction) throws -> R) throws -> R {
        do {
            return try writeOnce(body)
        } catch LMDBError.mapResized {
            try adoptGrownMap()
            return try writeOnce(body)
        }
    }

    /// Another process grew the map (LMDB's `MDB_MAP_RESIZED`): take its size, once no transaction of this
    /// process is open, so the next transaction can begin.
    private func adoptGrownMap() throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlockExclusive() }
        try check(mdb_env_set_mapsize(handle, 0))
    }

    private func readOnce<R>(_ body: (ReadTransaction) throws -> R) throws -> R {
        resizeLock.lockShared()
        defer { resizeLock.unlockShared() }
        var txn: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn))
        guard let txn else { throw LMDBError.badTransaction }
        // A read transaction changes nothing, so ending it by abort is the cheapest correct close.
        defer { mdb_txn_abort(txn) }
        return try body(ReadTransaction(handle: txn))
    }

    private func writeOnce<R>(_ body: (WriteTransaction) throws -> R) throws -> R {
        resizeLock.lockShared()
        defer { resizeLock.unlockShared() }
        var txn: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, 0, &txn))
        guard let txn else { throw LMDBError.badTransaction }
        let result: R
        do {
            result = try body(WriteTransaction(handle: txn))
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        try check(mdb_txn_commit(txn))
        return result
    }
}
