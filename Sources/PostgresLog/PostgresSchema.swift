import Logging
import PostgresNIO

/// Creates a log's tables when they are missing. Nodes starting together take an advisory lock first, so two
/// never race to create the same table.
enum PostgresSchema {
    static func create(_ tables: PostgresTables, on client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(tables.schema)))", logger: logger)
            for statement in statements(tables) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    static func statements(_ tables: PostgresTables) -> [String] {
        [
            "CREATE SCHEMA IF NOT EXISTS \(tables.schema)",
            // One row; its lock orders every write of every node.
            """
            CREATE TABLE IF NOT EXISTS \(tables.head) (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                position bigint NOT NULL,
                hash bytea NOT NULL)
            """,
            "INSERT INTO \(tables.head) (position, hash) VALUES (0, decode(repeat('00', 32), 'hex')) ON CONFLICT DO NOTHING",
            // `record` is the LMDB log's record format, hash included; the other columns index it.
            """
            CREATE TABLE IF NOT EXISTS \(tables.records) (
                position bigint PRIMARY KEY,
                event_id uuid NOT NULL UNIQUE,
                stream text NOT NULL,
                stream_version bigint NOT NULL,
                record bytea NOT NULL,
                UNIQUE (stream, stream_version))
            """,
            """
            CREATE TABLE IF NOT EXISTS \(tables.schedule) (
                id uuid PRIMARY KEY,
                due bigint NOT NULL,
                scheduled bytea NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS schedule_by_due ON \(tables.schedule) (due, id)",
            // What nodes keep besides the log that is not a cache (`SharedStorage`): written once per name.
            """
            CREATE TABLE IF NOT EXISTS \(tables.files) (
                folder text NOT NULL,
                file text NOT NULL,
                bytes bytea NOT NULL,
                stored_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (folder, file))
            """,
            // Append-only journals (`SharedJournal`), read in `seq` order.
            """
            CREATE TABLE IF NOT EXISTS \(tables.journal) (
                seq bigserial PRIMARY KEY,
                name text NOT NULL,
                line bytea NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS journal_by_name ON \(tables.journal) (name, seq)",
            PostgresBatchFunction.definition(tables),
        ]
    }
}
