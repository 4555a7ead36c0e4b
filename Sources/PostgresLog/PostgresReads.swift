import EventStore
import Foundation
import NIOCore
import Logging
import PostgresNIO

/// Reads, each one query on a pooled connection; they never wait for the writer (PostgreSQL's snapshots).
struct PostgresReads: Sendable {
    let client: PostgresClient
    let tables: PostgresTables
    /// Queries log only at debug level; the pool has the node's logger.
    private static let logger = Logger(label: "tktplz.postgres.reads")

    func page(from position: GlobalPosition, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        let start = Int64(bitPattern: max(position.rawValue, 1))
        return try await records("reading the log from position \(position)", PostgresQuery(
            unsafeSQL: "SELECT position, record FROM \(tables.records) WHERE position >= $1 ORDER BY position LIMIT $2",
            binds: bindings(start, Int64(max(0, limit)))))
    }

    func stream(_ stream: StreamName, from version: StreamVersion, direction: ReadDirection, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        let (comparison, order) = direction == .forwards ? (">=", "ASC") : ("<=", "DESC")
        return try await records("reading stream \(stream)", PostgresQuery(
            unsafeSQL: "SELECT position, record FROM \(tables.records) WHERE stream = $1 AND stream_version \(comparison) $2 "
                + "ORDER BY stream_version \(order) LIMIT $3",
            binds: bindings(stream.rawValue, Int64(bitPattern: min(version.rawValue, UInt64(Int64.max))), Int64(max(0, limit)))))
    }

    func version(of stream: StreamName) async throws(EventStoreError) -> StreamVersion? {
        try await single("reading the version of \(stream)", PostgresQuery(
            unsafeSQL: "SELECT max(stream_version) FROM \(tables.records) WHERE stream = $1", binds: bindings(stream.rawValue)))
            .map { StreamVersion(UInt64($0)) }
    }

    func head() async throws(EventStoreError) -> GlobalPosition {
        GlobalPosition(UInt64(try await single("reading the log's head", PostgresQuery(unsafeSQL: "SELECT position FROM \(tables.head)")) ?? 0))
    }

    func nextDueTime() async throws(EventStoreError) -> Date? {
        try await single("reading the schedule", PostgresQuery(unsafeSQL: "SELECT min(due) FROM \(tables.schedule)"))
            .map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }

    private func single(_ doing: String, _ query: PostgresQuery) async throws(EventStoreError) -> Int64? {
        let client = client
        do {
            return try await PostgresDeadline.withConnection(client, doing) { connection in
                for try await value in try await connection.query(query, logger: Self.logger).decode(Int64?.self) { return value }
                return nil
            }
        } catch {
            throw PostgresFailure.wrap(error, while: doing)
        }
    }

    private func records(_ doing: String, _ query: PostgresQuery) async throws(EventStoreError) -> [RecordedEvent] {
        let client = client
        do {
            return try await PostgresDeadline.withConnection(client, doing) { connection in
                var records: [RecordedEvent] = []
                for try await (position, bytes) in try await connection.query(query, logger: Self.logger).decode((Int64, ByteBuffer).self) {
                    records.append(try Self.decode(bytes, at: position))
                }
                return records
            }
        } catch {
            throw PostgresFailure.wrap(error, while: doing)
        }
    }

    static func decode(_ bytes: ByteBuffer, at position: Int64) throws(EventStoreError) -> RecordedEvent {
        let result = bytes.withUnsafeReadableBytes { raw -> Result<RecordedEvent, EventStoreError> in
            do throws(EventStoreError) {
                return .success(try RecordEncoding.decode(raw, at: UInt64(position)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Binds values in order as $1, $2, …
func bindings(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
    var binds = PostgresBindings(capacity: values.count)
    for value in values { binds.append(value) }
    return binds
}
