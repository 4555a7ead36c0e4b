import CLMDB

/// Map size, usage, sync and hot copies: what an operator of an environment needs beyond transactions.
extension Environment {
    /// The memory map's size and how much of it the data file uses.
    public struct Usage: Sendable, Equatable {
        /// The map size in bytes: the most the data file may grow to before `mapFull`.
        public var mapSize: Int
        /// Bytes up to the highest page in use.
        public var usedBytes: Int

        /// Used share of the map, 0...1.
        public var fraction: Double { mapSize == 0 ? 1 : Double(usedBytes) / Double(mapSize) }
    }

    /// The current map size and usage.
    public func usage() -> Usage {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        mdb_env_info(handle, &info)
        mdb_env_stat(handle, &stat)
        return Usage(mapSize: info.me_mapsize, usedBytes: (info.me_last_pgno + 1) * Int(stat.ms_psize))
    }

    /// Grows (or, with 0, re-reads) the map size. Waits until no transaction of this process is open,
    /// because LMDB forbids changing the size under an open transaction.
    public func setMapSize(_ bytes: Int) throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlockExclusive() }
        try check(mdb_env_set_mapsize(handle, bytes))
    }

    /// Flushes buffers to disk (needed only when opened with `durable: false`).
    public func sync(force: Bool = true) throws(LMDBError) {
        try check(mdb_env_sync(handle, force ? 1 : 0))
    }

    /// A consistent hot copy of the environment into an empty directory, without stopping writers
    /// (LMDB's `mdb_env_copy2`; `compact` drops free pages).
    public func copy(to directory: String, compact: Bool = true) throws(LMDBError) {
        try check(mdb_env_copy2(handle, directory, compact ? UInt32(MDB_CP_COMPACT) : 0))
    }
}
