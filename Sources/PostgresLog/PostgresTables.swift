import EventStore

/// The qualified names of one log's tables, in the schema it was opened with. A schema name goes into SQL text
/// (PostgreSQL cannot bind identifiers), so only plain lower-case names are taken.
struct PostgresTables: Sendable {
    let schema: String

    init(schema: String) throws(EventStoreError) {
        let allowed = schema.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        guard !schema.isEmpty, schema.utf8.count <= 48, allowed, !(schema.utf8.first! >= 48 && schema.utf8.first! <= 57) else {
            throw EventStoreError(.invalidArgument, "a log's schema name is 1 to 48 of a-z, 0-9 and _, not starting with a digit: \(schema)")
        }
        self.schema = schema
    }

    /// One row: the last position and its chain hash. Every write transaction locks it first.
    var head: String { "\(schema).log_head" }
    /// The records, by position, as the bytes the LMDB log stores.
    var records: String { "\(schema).records" }
    /// Scheduled events by id, with their due time.
    var schedule: String { "\(schema).schedule" }
    /// Shared files by folder and name (images, development keys).
    var files: String { "\(schema).files" }
    /// Shared journals' lines in order (the sandbox gateway's).
    var journal: String { "\(schema).journal" }
    /// The function that writes a batch in one statement (`PostgresBatchFunction`).
    var appendBatch: String { "\(schema).append_batch" }
    /// Where commits are announced (`LISTEN`): `h<position>` for a new head, `s` for a schedule change.
    var channel: String { "\(schema)_log" }
}
