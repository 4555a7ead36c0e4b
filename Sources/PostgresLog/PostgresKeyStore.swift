public import EventStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Personal-data keys in the log's schema, as shared files (`files`, folder `personal-keys`), so every node over the
/// log reads the keys any node made, and a `log copy` carries them. Destroying one deletes its row; PostgreSQL keeps
/// the dead row's bytes until the table is vacuumed (autovacuum does so; the README says how to force it).
///
/// Keys are read synchronously, from inside encoders and folds, and rarely (the ring remembers them): on a
/// connection of its own, waiting on NIO futures that complete on NIO's event loops, never on the task pool that
/// is waiting, so a wait cannot starve what it waits for.
public final class PostgresKeyStore: PersonalKeyStore, @unchecked Sendable {
    private let configuration: PostgresConnection.Configuration
    private let tables: PostgresTables
    private let logger: Logger
    /// Guards `connection`: one call at a time (a call is a single statement, and calls are rare).
    private let lock = NSLock()
    private var connection: PostgresConnection?

    init(url: PostgresURL, tables: PostgresTables, logger: Logger) {
        configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                         database: url.database, tls: .disable)
        self.tables = tables
        self.logger = logger
    }

    deinit { Self.close(connection) }

    /// Closes the connection (a later call opens another).
    func close() {
        lock.lock()
        defer { lock.unlock() }
        Self.close(connection)
        connection = nil
    }

    /// Closes `connection` without waiting, keeping it alive until it is closed (a connection must not be released
    /// open).
    private static func close(_ connection: PostgresConnection?) {
        guard let connection else { return }
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    public func key(of subject: String) throws(EventStoreError) -> PersonalKey? {
        let name = PersonalKeyFile.name(of: subject)
        let rows = try run("reading a personal-data key", PostgresQuery(
            unsafeSQL: "SELECT bytes FROM \(tables.files) WHERE folder = $1 AND file = $2", binds: bindings(name.folder, name.file)))
        guard let row = rows.first else { return nil }
        do {
            return PersonalKey(stored: try row.decode(ByteBuffer.self).readableBytesView)
        } catch {
            throw PostgresFailure.wrap(error, while: "reading a personal-data key")
        }
    }

    public func create(_ key: PersonalKey, for subject: String) throws(EventStoreError) -> PersonalKey {
        let name = PersonalKeyFile.name(of: subject)
        _ = try run("storing a personal-data key", PostgresQuery(
            unsafeSQL: "INSERT INTO \(tables.files) (folder, file, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            binds: bindings(name.folder, name.file, ByteBuffer(bytes: key.stored))))
        guard let stored = try self.key(of: subject) else { throw EventStoreError(.io, "a personal-data key vanished as it was stored") }
        return stored
    }

    public func destroy(keyOf subject: String) throws(EventStoreError) {
        let name = PersonalKeyFile.name(of: subject)
        _ = try run("destroying a personal-data key", PostgresQuery(
            unsafeSQL: "DELETE FROM \(tables.files) WHERE folder = $1 AND file = $2", binds: bindings(name.folder, name.file)))
    }

    /// Runs `query` on this store's connection, connecting (again) when there is none or it broke.
    private func run(_ doing: String, _ query: PostgresQuery) throws(EventStoreError) -> [PostgresRow] {
        lock.lock()
        defer { lock.unlock() }
        do {
            for attempt in 1...2 {
                do {
                    let open = try connection ?? PostgresConnection.connect(
                        on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 0, logger: logger).wait()
                    connection = open
                    return Array(try open.query(query, logger: logger).wait().rows)
                } catch where attempt == 1 && (connection?.isClosed ?? true) {
                    // A connection that broke (a restarted server, a dropped socket): once more on a new one.
                    Self.close(connection)
                    connection = nil
                }
            }
            throw EventStoreError(.unavailable, "PostgreSQL failed \(doing)")
        } catch {
            throw PostgresFailure.wrap(error, while: doing)
        }
    }
}
