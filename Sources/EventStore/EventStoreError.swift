/// A store failure that is not an expected outcome: what went wrong, how it may be remedied, and its cause.
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that branch on it.
    public enum Code: String, Sendable, Equatable {
        /// The memory map is full and could not be grown (disk full, or the configured ceiling reached).
        case mapFull
        /// The data file is damaged, or a record breaks an invariant (gap, hash mismatch, bad version).
        case corrupted
        /// A record's bytes could not be decoded.
        case undecodableRecord
        /// A disk or operating-system error.
        case io
        /// A stream name that is not `category-id`.
        case invalidStreamName
        /// Some, not all, of an append's event ids are already in the log, or an id repeats in one append.
        case eventIDReused
        /// An argument is out of range (empty append, oversized payload, …).
        case invalidArgument
        /// The store was closed.
        case closed
        /// An export archive is unreadable or does not verify.
        case archive
        /// The log's server (PostgreSQL) cannot be reached right now; nothing was decided, so retrying is safe.
        case unavailable
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and, where possible, what to do about it.
    public var message: String
    /// The underlying error, if any (an `LMDBError`, an errno, …).
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return "\(code.rawValue): \(message)" }
        return "\(code.rawValue): \(message) (cause: \(cause))"
    }
}
