public import EventStore
public import Foundation
import NIOCore
import Logging
import PostgresNIO

/// Shared files and journals in the log's schema (`files`, `journal`): what every node over this log reads alike, such as an uploaded
/// poster. A name is written once (`ON CONFLICT DO NOTHING`), and the answer is what the table holds after.
struct PostgresStorage: SharedStorage {
    let client: PostgresClient
    let logger: Logger
    let tables: PostgresTables

    func store(_ bytes: Data, as name: SharedFileName) async throws(EventStoreError) -> Data {
        let insert = PostgresQuery(
            unsafeSQL: "INSERT INTO \(tables.files) (folder, file, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            binds: bindings(name.folder, name.file, ByteBuffer(bytes: bytes)))
        do {
            _ = try await client.query(insert)
        } catch {
            throw PostgresFailure.wrap(error, while: "storing \(name)")
        }
        guard let stored = try await load(name) else { throw EventStoreError(.io, "\(name) vanished as it was stored") }
        return stored
    }

    func load(_ name: SharedFileName) async throws(EventStoreError) -> Data? {
        let query = PostgresQuery(unsafeSQL: "SELECT bytes FROM \(tables.files) WHERE folder = $1 AND file = $2",
                                  binds: bindings(name.folder, name.file))
        do {
            for try await bytes in try await client.query(query).decode(ByteBuffer.self) {
                return Data(bytes.readableBytesView)
            }
            return nil
        } catch {
            throw PostgresFailure.wrap(error, while: "reading \(name)")
        }
    }

    func names(in folder: String) async throws(EventStoreError) -> [SharedFileName] {
        let query = PostgresQuery(unsafeSQL: "SELECT file FROM \(tables.files) WHERE folder = $1 ORDER BY file", binds: bindings(folder))
        var names: [SharedFileName] = []
        do {
            for try await file in try await client.query(query).decode(String.self) {
                names.append(try SharedFileName(folder: folder, file: file))
            }
        } catch {
            throw PostgresFailure.wrap(error, while: "listing \(folder)")
        }
        return names
    }

    func journal(_ name: SharedFileName) -> any SharedJournal {
        PostgresJournal(client: client, logger: logger, tables: tables, name: name.description)
    }
}

/// A journal as rows of the log's schema (`journal`), in `seq` order. A transaction's `seq` values are taken when it
/// inserts, not when it commits, so a reader could pass a line that commits later with a smaller `seq`; every append
/// therefore takes the journal's advisory lock for its transaction, and lines commit in `seq` order.
struct PostgresJournal: SharedJournal {
    let client: PostgresClient
    let logger: Logger
    let tables: PostgresTables
    let name: String

    func append(_ lines: [Data]) async throws(EventStoreError) {
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(hashtext($1))", binds: bindings("\(tables.journal) \(name)")), logger: logger)
                let insert = PostgresQuery(
                    unsafeSQL: "INSERT INTO \(tables.journal) (name, line) SELECT $1, unnest($2::bytea[])",
                    binds: bindings(name, lines.map { ByteBuffer(bytes: $0) }))
                try await connection.query(insert, logger: logger)
            }
        } catch {
            throw PostgresFailure.wrap(error, while: "appending to the journal \(name)")
        }
    }

    func lines(after cursor: JournalCursor) async throws(EventStoreError) -> (lines: [Data], next: JournalCursor) {
        let query = PostgresQuery(unsafeSQL: "SELECT seq, line FROM \(tables.journal) WHERE name = $1 AND seq > $2 ORDER BY seq",
                                  binds: bindings(name, Int64(cursor.rawValue)))
        var (lines, next) = ([Data](), cursor)
        do {
            for try await (seq, line) in try await client.query(query).decode((Int64, ByteBuffer).self) {
                lines.append(Data(line.readableBytesView))
                next = JournalCursor(UInt64(seq))
            }
        } catch {
            throw PostgresFailure.wrap(error, while: "reading the journal \(name)")
        }
        return (lines, next)
    }
}

extension PostgresEventLog {
    /// The files every node over this log shares, in its schema.
    public var storage: any SharedStorage { PostgresStorage(client: client, logger: logger, tables: tables) }
}
