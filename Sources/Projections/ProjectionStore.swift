public import EventStore
import CompactCoding
import Foundation
import LMDB

/// The projections' own LMDB environment (`DIR/projections`): the views of each projection and the checkpoints.
/// A cache: it can be deleted and rebuilt from the log, and rebuilding never blocks an append.
///
/// Each projection has two view tables and a generation saying which one is live: a rebuild fills the other one
/// while readers keep reading the live one, then flips the generation and the checkpoint in one transaction.
/// Readers look the generation up inside their own snapshot, so a read sees one table whole, never a mix.
public final class ProjectionStore: @unchecked Sendable {
    let environment: Environment
    let checkpoints: Database
    /// The generation of each projection's views (even: `view:NAME`, odd: `view:NAME~b`); missing is 0.
    let generations: Database
    /// Commits every projection's batches off the cooperative threads, several per transaction.
    let writer: ProjectionWriter
    private var tables: [String: ViewTables] = [:]
    private let lock = NSLock()

    /// Views are stored compact-encoded, not as JSON: only the service reads them back, and Foundation's JSON was
    /// most of the CPU of a rebuild and much of a hold's. The same view is always the same bytes.
    static let encoder = CompactEncoder()

    /// A view's stored bytes: its binary form if it has one (`BinaryView`), else CompactCoding.
    static func encodeView<View: Encodable>(_ view: View) throws -> [UInt8] {
        if let binary = view as? any BinaryView { return BinaryViewFormat.encode(binary) }
        return try encoder.encode(view)
    }

    static func decodeView<View: Decodable>(_: View.Type, from bytes: UnsafeRawBufferPointer) throws -> View {
        if let view = try BinaryViewFormat.decode(View.self, from: bytes) { return view }
        if CompactFormat.isCompact(bytes) { return try CompactDecoder().decode(View.self, from: bytes) }
        // A view written as JSON, before views were compact: still read while the rebuild that the version change
        // started on the first start after the upgrade replaces it, so serving never stops.
        return try JSONDecoder().decode(View.self, from: Data(bytes))
    }

    /// Opens (or creates) the store in `path`. The map starts at `mapSize` and doubles whenever a batch finds it
    /// full (the file grows only as views are written).
    public init(path: String, durable: Bool = true, mapSize: Int = 1 << 30) throws(EventStoreError) {
        do {
            environment = try Environment(path: path, options: .init(mapSize: mapSize, maxDatabases: 64, durable: durable))
            checkpoints = try environment.openDatabase("checkpoints")
            generations = try environment.openDatabase("generations")
        } catch {
            throw EventStoreError(.io, "cannot open the projection store at \(path)", cause: error)
        }
        writer = ProjectionWriter(environment: environment)
    }

    deinit { writer.close() }

    /// The view of `P` stored under `key`, if any.
    public func view<P: Projection>(_: P.Type, key: String) throws(EventStoreError) -> P.View? {
        let tables = try self.tables(P.name)
        do {
            return try environment.read { txn -> P.View? in
                let table = try tables.live(in: txn, generations)
                guard let bytes = try txn.get(table, key: Array(key.utf8)) else { return nil }
                return try Self.decodeView(P.View.self, from: bytes)
            }
        } catch {
            throw EventStoreError(.undecodableRecord, "the \(P.name) view of \(key) cannot be read", cause: error)
        }
    }

    /// The views of `P` stored under `keys`, in the same order; a missing one is `nil`. One snapshot for all.
    public func views<P: Projection>(_: P.Type, keys: [String]) throws(EventStoreError) -> [P.View?] {
        let tables = try self.tables(P.name)
        do {
            return try environment.read { txn in
                let table = try tables.live(in: txn, generations)
                return try keys.map { key -> P.View? in
                    guard let bytes = try txn.get(table, key: Array(key.utf8)) else { return nil }
                    return try Self.decodeView(P.View.self, from: bytes)
                }
            }
        } catch {
            throw EventStoreError.readingViews(P.name, error)
        }
    }

    /// Every view of `P`, in key order, from one snapshot (for small projections such as the listings).
    public func allViews<P: Projection>(_: P.Type) throws(EventStoreError) -> [P.View] {
        let tables = try self.tables(P.name)
        do {
            return try environment.read { txn in
                try txn.withCursor(try tables.live(in: txn, generations)) { cursor in
                    var views: [P.View] = []
                    var entry = try cursor.first()
                    while let current = entry {
                        views.append(try Self.decodeView(P.View.self, from: current.value))
                        entry = try cursor.next()
                    }
                    return views
                }
            }
        } catch {
            throw EventStoreError.readingViews(P.name, error)
        }
    }

    /// The views of `P` whose keys start with `prefix`, in key order, from one snapshot.
    public func views<P: Projection>(_: P.Type, prefix: String) throws(EventStoreError) -> [(key: String, view: P.View)] {
        let tables = try self.tables(P.name)
        let start = Array(prefix.utf8)
        do {
            return try environment.read { txn in
                try txn.withCursor(try tables.live(in: txn, generations)) { cursor in
                    var views: [(key: String, view: P.View)] = []
                    var entry = start.isEmpty ? try cursor.first() : try cursor.seek(atLeast: start)
                    while let current = entry, current.key.starts(with: start) {
                        views.append((String(decoding: current.key, as: UTF8.self), try Self.decodeView(P.View.self, from: current.value)))
                        entry = try cursor.next()
                    }
                    return views
                }
            }
        } catch {
            throw EventStoreError.readingViews(P.name, error)
        }
    }

    /// Every key of `P`'s live table, in order (for tests and tools).
    public func keys<P: Projection>(_: P.Type) throws(EventStoreError) -> [String] {
        try rows(P.name).map { String(decoding: $0.key, as: UTF8.self) }
    }

    /// Every row of the live table of the projection called `name`, as stored: key and value bytes, in key order.
    /// What "byte for byte" compares.
    public func rows(_ name: String) throws(EventStoreError) -> [(key: [UInt8], value: [UInt8])] {
        let tables = try self.tables(name)
        do {
            return try environment.read { txn in
                try txn.withCursor(try tables.live(in: txn, generations)) { cursor in
                    var rows: [(key: [UInt8], value: [UInt8])] = []
                    var entry = try cursor.first()
                    while let current = entry {
                        rows.append((Array(current.key), Array(current.value)))
                        entry = try cursor.next()
                    }
                    return rows
                }
            }
        } catch {
            throw EventStoreError.readingViews(name, error)
        }
    }

    /// The generation of `name`'s live views (0 before its first rebuild).
    public func generation(of name: String) throws(EventStoreError) -> UInt64 {
        do {
            return try environment.read { txn in try ViewTables.generation(of: name, in: txn, generations) }
        } catch {
            throw EventStoreError.readingViews(name, error)
        }
    }

    /// Where `name` has got to, or `nil` before its first batch.
    public func checkpoint(of name: String) throws(EventStoreError) -> Checkpoint? {
        do {
            return try environment.read { txn in try txn.get(checkpoints, key: Array(name.utf8)).flatMap(Checkpoint.init) }
        } catch {
            throw EventStoreError.readingViews(name, error)
        }
    }

    /// Stores a checkpoint on its own (for reactors, whose effects live in the log rather than in views).
    public func saveCheckpoint(_ checkpoint: Checkpoint, of name: String) async throws(EventStoreError) {
        let checkpoints = checkpoints
        do {
            try await writer.commit { txn in try txn.put(checkpoints, key: Array(name.utf8), value: checkpoint.bytes) }
        } catch {
            throw EventStoreError(.io, "saving the checkpoint of \(name) failed", cause: error)
        }
    }

    /// Both view tables of the projection called `name`, opened once (LMDB opens tables outside transactions).
    func tables(_ name: String) throws(EventStoreError) -> ViewTables {
        lock.lock()
        defer { lock.unlock() }
        if let pair = tables[name] { return pair }
        do {
            let pair = ViewTables(name: name, even: try environment.openDatabase("view:\(name)"), odd: try environment.openDatabase("view:\(name)~b"))
            tables[name] = pair
            return pair
        } catch {
            throw EventStoreError(.io, "cannot open the view tables of \(name)", cause: error)
        }
    }
}

extension EventStoreError {
    static func readingViews(_ name: String, _ error: any Error) -> EventStoreError {
        EventStoreError(.io, "reading the views of \(name) failed", cause: error)
    }
}
