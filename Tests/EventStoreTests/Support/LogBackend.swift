import EventStore
import Foundation
import PostgresLog
import Testing

/// The backends that one conformance suite holds to the `EventLog` contract. Each test that takes a backend runs
/// once for each.
enum LogBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case lmdb
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty log of this backend: an LMDB log in a temporary directory, or a PostgreSQL log in a schema of
    /// its own on the test cluster (`scripts/with-postgres.sh` starts one and names it in
    /// `TKTPLZ_TEST_POSTGRES_URL`).
    func fresh(now: @escaping @Sendable () -> Date = { Date() }) async throws -> BackendLog {
        switch self {
        case .lmdb:
            let store = try TemporaryStore()
            return try await BackendLog(backend: self, name: store.logPath, remove: { store.remove() }) { try store.open(now: now) }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["TKTPLZ_TEST_POSTGRES_URL"] else {
                throw MissingTestCluster()
            }
            let schema = "log_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            return try await BackendLog(backend: self, name: String(schema), remove: {}) {
                try await PostgresEventLog.open(.init(url: url, schema: String(schema), maximumConnections: 8, now: now))
            }
        }
    }
}

struct MissingTestCluster: Error, CustomStringConvertible {
    var description: String {
        "TKTPLZ_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, or scripts/with-postgres.sh swift test …"
    }
}

/// An open log of one backend, which a test can close and open again (a restart).
final class BackendLog: @unchecked Sendable {
    let backend: LogBackend
    /// The LMDB log's directory, or the PostgreSQL log's schema.
    let name: String
    private(set) var log: any EventLog
    private let open: () async throws -> any EventLog
    private let remove: () -> Void

    init(backend: LogBackend, name: String, remove: @escaping () -> Void, open: @escaping () async throws -> any EventLog) async throws {
        self.backend = backend
        self.name = name
        self.open = open
        self.remove = remove
        log = try await open()
    }

    /// Closes the log: later calls on it fail with `.closed`.
    func close() {
        switch log {
        case let lmdb as LMDBEventLog: lmdb.close()
        case let postgres as PostgresEventLog: postgres.close()
        default: Issue.record("no way to close a \(type(of: log))")
        }
    }

    /// Closes the log and opens the same one again.
    func reopen() async throws -> any EventLog {
        close()
        log = try await open()
        return log
    }

    /// What the backend's verify finds.
    func verify() async throws -> LogVerification {
        switch log {
        case let lmdb as LMDBEventLog: try lmdb.verify()
        case let postgres as PostgresEventLog: try await postgres.verify()
        default: throw MissingTestCluster()
        }
    }

    /// The scheduled events still pending, earliest first.
    func pendingSchedule() async throws -> [ScheduledEvent] {
        switch log {
        case let lmdb as LMDBEventLog: try lmdb.pendingSchedule()
        case let postgres as PostgresEventLog: try await postgres.pendingSchedule()
        default: throw MissingTestCluster()
        }
    }

    func finish() {
        close()
        remove()
    }
}

/// Runs `body` with a new log of `backend`, then closes (and for LMDB removes) it.
func withLog<R>(_ backend: LogBackend, now: @escaping @Sendable () -> Date = { Date() },
                _ body: (any EventLog, BackendLog) async throws -> R) async throws -> R {
    let opened = try await backend.fresh(now: now)
    defer { opened.finish() }
    return try await body(opened.log, opened)
}
