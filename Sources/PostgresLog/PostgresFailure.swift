import EventStore
import PostgresNIO

/// PostgreSQL's errors as the log's: a server that cannot be reached, went away or is shutting down is `.unavailable`
/// (callers answer 503 and may retry: appends are idempotent by event id; followers read again); anything else is `.io`.
enum PostgresFailure {
    static func wrap(_ error: any Error, while doing: String) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        if let error = error as? PSQLError {
            let message = error.serverInfo?[.message].map { ": \($0)" } ?? ""
            let code: EventStoreError.Code = error.code != .server || transient(error.serverInfo?[.sqlState]) ? .unavailable : .io
            return EventStoreError(code, "PostgreSQL failed \(doing)\(message)", cause: error)
        }
        if let error = error as? PostgresTransactionError {
            let inner = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            if let inner { return wrap(inner, while: doing) }
        }
        return EventStoreError(.unavailable, "PostgreSQL failed \(doing)", cause: error)
    }

    /// SQLSTATE classes of a server going away or overloaded rather than refusing the statement: 08 connection
    /// exception, 53 insufficient resources, 57 operator intervention (57P01 "terminating connection due to
    /// administrator command" during a restart).
    static func transient(_ state: String?) -> Bool {
        guard let state else { return false }
        return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57")
    }
}
