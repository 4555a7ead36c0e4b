import EventStore
import PostgresNIO

/// PostgreSQL's errors as the log's: a server that cannot be reached or went away is `.unavailable` (callers answer
/// 503 and may retry: appends are idempotent by event id); anything else is `.io`.
enum PostgresFailure {
    static func wrap(_ error: any Error, while doing: String) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        if let error = error as? PSQLError {
            let message = error.serverInfo?[.message].map { ": \($0)" } ?? ""
            let code: EventStoreError.Code = error.code == .server ? .io : .unavailable
            return EventStoreError(code, "PostgreSQL failed \(doing)\(message)", cause: error)
        }
        if let error = error as? PostgresTransactionError {
            let inner = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            if let inner { return wrap(inner, while: doing) }
        }
        return EventStoreError(.unavailable, "PostgreSQL failed \(doing)", cause: error)
    }
}
