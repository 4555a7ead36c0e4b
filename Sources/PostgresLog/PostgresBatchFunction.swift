import EventStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A batch's writes in one statement: the server-side function `append_batch` locks the head row, checks that the
/// log is still what the batch was decided on, and writes the records, the schedule changes and the new head, and
/// announces them. One round trip instead of a conversation, which is what limited a node's commit rate (seven round
/// trips per batch measured 6.9 ms for one append where pgbench's transaction took 0.33 ms).
///
/// What the batch was decided on: the head (position and chain hash: the hash covers every record before it, so an
/// equal hash means an identical log), the versions it assumed streams were at (taken from the appends'
/// expectations rather than read), the events it assumed streams end with (expectations that name one), and event
/// ids it assumed new. When a check fails nothing is written and the
/// writer decides the batch again: on the head found (`moved`) or under the head row's lock, reading what it needs
/// (`stale`).
enum PostgresBatchFunction {
    enum Outcome: Equatable {
        case written
        /// Another node committed first: the head is now here.
        case moved(head: UInt64, hash: ChainHash)
        /// An assumed stream version or a new event id was wrong.
        case stale
    }

    /// What one call writes.
    struct Call {
        var expectedHead: UInt64
        var expectedHash: ChainHash
        var newHead: UInt64
        var newHash: ChainHash
        var positions: [Int64] = []
        var ids: [UUID] = []
        var streams: [String] = []
        var versions: [Int64] = []
        var records: [ByteBuffer] = []
        /// Streams whose version was assumed, with that version (-1: no events).
        var assumedStreams: [String] = []
        var assumedVersions: [Int64] = []
        /// Events assumed to be their streams' last, at these versions (expectations that name an event).
        var namedStreams: [String] = []
        var namedVersions: [Int64] = []
        var namedEvents: [UUID] = []
        var scheduleIDs: [UUID] = []
        var scheduleDues: [Int64] = []
        var scheduleBytes: [ByteBuffer] = []
        var unscheduled: [UUID] = []
        /// Whether to announce a schedule change (also made earlier in a locked batch, before reading what is due).
        var scheduleChanged = false
    }

    static func run(_ call: Call, on connection: PostgresConnection, tables: PostgresTables, logger: Logger) async throws -> Outcome {
        var binds = PostgresBindings(capacity: 20)
        binds.append(Int64(call.expectedHead))
        binds.append(ByteBuffer(bytes: call.expectedHash.bytes))
        binds.append(Int64(call.newHead))
        binds.append(ByteBuffer(bytes: call.newHash.bytes))
        binds.append(call.positions)
        binds.append(call.ids)
        binds.append(call.streams)
        binds.append(call.versions)
        binds.append(call.records)
        binds.append(call.assumedStreams)
        binds.append(call.assumedVersions)
        binds.append(call.namedStreams)
        binds.append(call.namedVersions)
        binds.append(call.namedEvents)
        binds.append(call.scheduleIDs)
        binds.append(call.scheduleDues)
        binds.append(call.scheduleBytes)
        binds.append(call.unscheduled)
        binds.append(tables.channel)
        binds.append(call.scheduleChanged)
        let placeholders = (1...20).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT outcome, head, hash FROM \(tables.appendBatch)(\(placeholders))", binds: binds), logger: logger)
        for try await (outcome, head, hash) in rows.decode((String, Int64, ByteBuffer).self) {
            switch outcome {
            case "written": return .written
            case "stale": return .stale
            case "moved":
                guard hash.readableBytes == 32 else { throw EventStoreError(.corrupted, "the log's head holds a hash of \(hash.readableBytes) bytes") }
                return .moved(head: UInt64(head), hash: hash.withUnsafeReadableBytes { ChainHash($0) })
            default: throw EventStoreError(.io, "\(tables.appendBatch) answered \(outcome)")
            }
        }
        throw EventStoreError(.io, "\(tables.appendBatch) answered nothing")
    }

    /// The function, created (or replaced) with the tables.
    static func definition(_ tables: PostgresTables) -> String {
        """
        CREATE OR REPLACE FUNCTION \(tables.appendBatch)(
            expected_head bigint, expected_hash bytea, new_head bigint, new_hash bytea,
            positions bigint[], ids uuid[], streams text[], versions bigint[], records bytea[],
            assumed_streams text[], assumed_versions bigint[], named_streams text[], named_versions bigint[], named_ids uuid[],
            schedule_ids uuid[], schedule_dues bigint[], schedule_bytes bytea[], unscheduled uuid[], channel text, schedule_changed boolean,
            OUT outcome text, OUT head bigint, OUT hash bytea)
        LANGUAGE plpgsql AS $fn$
        BEGIN
            -- Every write of every node takes this lock first: positions are handed out in commit order.
            SELECT h.position, h.hash INTO head, hash FROM \(tables.head) h FOR UPDATE;
            IF head <> expected_head OR hash <> expected_hash THEN
                outcome := 'moved';
                RETURN;
            END IF;
            -- Each assumed head read from the (stream, stream_version) index, newest first.
            IF EXISTS (SELECT 1 FROM unnest(assumed_streams, assumed_versions) AS a(stream, version)
                       WHERE a.version <> coalesce((SELECT max(r.stream_version) FROM \(tables.records) r
                                                    WHERE r.stream = a.stream), -1))
               OR EXISTS (SELECT 1 FROM unnest(named_streams, named_versions, named_ids) AS n(stream, version, id)
                          WHERE NOT EXISTS (SELECT 1 FROM \(tables.records) r
                                            WHERE r.stream = n.stream AND r.stream_version = n.version AND r.event_id = n.id)) THEN
                outcome := 'stale';
                RETURN;
            END IF;
            IF cardinality(positions) > 0 THEN
                -- An id assumed new that is not (a retry) is found by the unique index the insert checks anyway (a
                -- separate lookup of all ids as one `= ANY` query was planned once, on an empty table, as a
                -- sequential scan, and cost more with every record); so is a stream another write moved past a head
                -- the batch assumed without asking for a lookup, by the (stream, stream_version) index.
                BEGIN
                    INSERT INTO \(tables.records) (position, event_id, stream, stream_version, record)
                        SELECT * FROM unnest(positions, ids, streams, versions, records);
                EXCEPTION WHEN unique_violation THEN
                    outcome := 'stale';
                    RETURN;
                END;
                UPDATE \(tables.head) SET position = new_head, hash = new_hash;
                PERFORM pg_notify(channel, 'h' || new_head);
            END IF;
            IF cardinality(unscheduled) > 0 THEN
                DELETE FROM \(tables.schedule) s WHERE s.id = ANY(unscheduled);
            END IF;
            IF cardinality(schedule_ids) > 0 THEN
                INSERT INTO \(tables.schedule) (id, due, scheduled)
                    SELECT * FROM unnest(schedule_ids, schedule_dues, schedule_bytes)
                    ON CONFLICT (id) DO UPDATE SET due = excluded.due, scheduled = excluded.scheduled;
            END IF;
            IF schedule_changed THEN
                PERFORM pg_notify(channel, 's');
            END IF;
            outcome := 'written';
        END
        $fn$
        """
    }
}
