import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// An LMDB failure: every `MDB_*` return code and errno mapped once, here.
public enum LMDBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A put with `MDB_NOOVERWRITE` found the key (or `MDB_APPEND` was given a key out of order).
    case keyExists
    /// The key or data item was not found (callers usually see `nil` instead).
    case notFound
    /// A page the B-tree points to is missing: the file is damaged.
    case pageNotFound
    /// The file's structure is damaged.
    case corrupted
    /// An earlier fatal error left the environment unusable; reopen it.
    case panic
    /// The file was written by an incompatible LMDB version.
    case versionMismatch
    /// The file is not an LMDB file.
    case invalid
    /// The memory map is full: grow it with `Environment.setMapSize` and retry the transaction.
    case mapFull
    /// More named databases were opened than `maxDatabases` allows.
    case databasesFull
    /// Every reader slot is in use.
    case readersFull
    /// Too many thread-local storage keys are in use.
    case tlsFull
    /// The transaction has too many dirty pages.
    case transactionFull
    /// The cursor stack is too deep: internal error.
    case cursorFull
    /// A page has no more room: internal error.
    case pageFull
    /// Another process grew the map beyond this one's size.
    case mapResized
    /// The operation does not fit the database's flags.
    case incompatible
    /// A reader slot was used from the wrong thread.
    case badReaderSlot
    /// The transaction is unusable after an earlier error.
    case badTransaction
    /// A key or value is too large (keys are limited to 511 bytes by default).
    case badValueSize
    /// The database handle changed unexpectedly.
    case badDatabase
    /// An operating-system error (errno), such as ENOSPC or EACCES.
    case system(errno: Int32)

    /// Maps an LMDB return code; `MDB_SUCCESS` is not an error, so this is only called for others.
    init(code: Int32) {
        switch code {
        case MDB_KEYEXIST: self = .keyExists
        case MDB_NOTFOUND: self = .notFound
        case MDB_PAGE_NOTFOUND: self = .pageNotFound
        case MDB_CORRUPTED: self = .corrupted
        case MDB_PANIC: self = .panic
        case MDB_VERSION_MISMATCH: self = .versionMismatch
        case MDB_INVALID: self = .invalid
        case MDB_MAP_FULL: self = .mapFull
        case MDB_DBS_FULL: self = .databasesFull
        case MDB_READERS_FULL: self = .readersFull
        case MDB_TLS_FULL: self = .tlsFull
        case MDB_TXN_FULL: self = .transactionFull
        case MDB_CURSOR_FULL: self = .cursorFull
        case MDB_PAGE_FULL: self = .pageFull
        case MDB_MAP_RESIZED: self = .mapResized
        case MDB_INCOMPATIBLE: self = .incompatible
        case MDB_BAD_RSLOT: self = .badReaderSlot
        case MDB_BAD_TXN: self = .badTransaction
        case MDB_BAD_VALSIZE: self = .badValueSize
        case MDB_BAD_DBI: self = .badDatabase
        default: self = .system(errno: code)
        }
    }

    /// Whether the data file itself is damaged (as opposed to a full map or a failing disk).
    public var isCorruption: Bool {
        switch self {
        case .pageNotFound, .corrupted, .invalid, .versionMismatch, .panic: true
        default: false
        }
    }

    /// LMDB's own text for the code (or strerror for errno values).
    public var description: String {
        switch self {
        case .system(let errno): "LMDB system error \(errno): \(String(cString: strerror(errno)))"
        default: String(cString: mdb_strerror(code))
        }
    }

    private var code: Int32 {
        switch self {
        case .keyExists: MDB_KEYEXIST
        case .notFound: MDB_NOTFOUND
        case .pageNotFound: MDB_PAGE_NOTFOUND
        case .corrupted: MDB_CORRUPTED
        case .panic: MDB_PANIC
        case .versionMismatch: MDB_VERSION_MISMATCH
        case .invalid: MDB_INVALID
        case .mapFull: MDB_MAP_FULL
        case .databasesFull: MDB_DBS_FULL
        case .readersFull: MDB_READERS_FULL
        case .tlsFull: MDB_TLS_FULL
        case .transactionFull: MDB_TXN_FULL
        case .cursorFull: MDB_CURSOR_FULL
        case .pageFull: MDB_PAGE_FULL
        case .mapResized: MDB_MAP_RESIZED
        case .incompatible: MDB_INCOMPATIBLE
        case .badReaderSlot: MDB_BAD_RSLOT
        case .badTransaction: MDB_BAD_TXN
        case .badValueSize: MDB_BAD_VALSIZE
        case .badDatabase: MDB_BAD_DBI
        case .system(let errno): errno
        }
    }
}

/// Turns an LMDB return code into `LMDBError` unless it is `MDB_SUCCESS`.
@inline(__always)
func check(_ code: Int32) throws(LMDBError) {
    if code != MDB_SUCCESS { throw LMDBError(code: code) }
}
