public import EventStore
import Foundation
import LMDB

/// Rebuilds one projection from position 0 into its other view table while readers keep using the live one, then
/// switches: the generation and the checkpoint change in one transaction, so a reader sees the old views or the
/// new ones, never a mix. The switch waits until the rebuild has caught up with the live checkpoint (a live runner
/// may be writing the old table meanwhile, in this process or another), so nothing a reader saw goes back; a live
/// runner notices the switch at its next batch and continues on the new table from there.
public struct ProjectionRebuild<P: Projection>: Sendable {
    let projection: P
    let log: any EventLog
    let store: ProjectionStore
    let pageSize: Int

    public init(_ projection: P, log: any EventLog, store: ProjectionStore, pageSize: Int = 5000) {
        self.projection = projection
        self.log = log
        self.store = store
        self.pageSize = pageSize
    }

    /// Rebuilds and switches; returns the position the new views are at. `progress` hears the position reached
    /// and the log's head after each page.
    @discardableResult
    public func run(progress: (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
        let tables = try store.tables(P.name)
        let (checkpoints, generations) = (store.checkpoints, store.generations)
        let from = try store.generation(of: P.name)
        let target = tables.table(for: from + 1)
        try await store.writer.commit { txn in
            guard try ViewTables.generation(of: P.name, in: txn, generations) == from else { throw RebuildOvertaken(name: P.name) }
            try txn.clear(target)
        }
        var position = GlobalPosition.start
        while true {
            // Fold until the log has nothing more right now.
            while true {
                let page = try await log.read(from: position.next, limit: pageSize)
                guard let last = page.last else { break }
                let projection = projection
                try await store.writer.commit { txn in
                    guard try ViewTables.generation(of: P.name, in: txn, generations) == from else { throw RebuildOvertaken(name: P.name) }
                    try ProjectionRunner<P>.fold(page, with: projection, into: target, txn)
                }
                position = last.position
                progress(position, try await log.head())
            }
            let reached = position
            let switched = try await store.writer.commitReturning { txn -> Bool in
                guard try ViewTables.generation(of: P.name, in: txn, generations) == from else { throw RebuildOvertaken(name: P.name) }
                // A live runner of this version ahead of the rebuild: fold its lead first, then try again.
                if let live = try txn.get(checkpoints, key: Array(P.name.utf8)).flatMap(Checkpoint.init),
                   live.version == P.version, live.position > reached {
                    return false
                }
                try ViewTables.setGeneration(from + 1, of: P.name, in: txn, generations)
                try txn.put(checkpoints, key: Array(P.name.utf8), value: Checkpoint(version: P.version, position: reached).bytes)
                return true
            }
            if switched { return position }
        }
    }
}

/// Another rebuild of the same projection switched generations first.
public struct RebuildOvertaken: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "another rebuild of \(name) switched its views first; nothing of this one was used" }
}
