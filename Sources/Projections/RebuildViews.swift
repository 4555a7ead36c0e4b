import CompactCoding
import Foundation
import LMDB

/// The views of a projection being rebuilt, in memory: a rebuild folds every page into this (no transaction and no
/// encoding per page) and writes the views out only when it holds `limit` of them, or before the switch. Folding a
/// long log page by page through the table read and re-encoded each hot view (a show's summary, a customer's
/// row) on every page it was touched; here each view is encoded once per flush.
///
/// The table starts empty (the rebuild clears it), so a key this never saw and never flushed has no view; a key
/// flushed earlier is read back from the table.
final class RebuildViews<View: Codable & Sendable>: @unchecked Sendable {
    // One task at a time uses it (a page's fold in the pass's child task, then the pass's flush, never together);
    // hence unchecked.
    private var batch: ViewBatch<View>
    private var flushed = false
    private let limit: Int
    private let read: (String) throws -> View?

    /// `read` looks a flushed view up in the table being rebuilt.
    init(limit: Int, read: @escaping (String) throws -> View?) {
        self.limit = limit
        self.read = read
        batch = ViewBatch { _ in nil }
        batch = fresh()
    }

    private func fresh() -> ViewBatch<View> {
        ViewBatch { [unowned self] key in self.flushed ? try self.read(key) : nil }
    }

    var batchForFolding: ViewBatch<View> { batch }

    /// Whether enough views are held that they should be written out.
    var isFull: Bool { batch.pending.count >= limit }

    var isEmpty: Bool { batch.pending.isEmpty }

    /// Every view held, encoded, in the table's key order (LMDB compares bytes), and forgets them: later reads
    /// of these keys go to the table. Encoding is split over the machine's cores.
    func drain() async throws -> [ViewRow] {
        let pending = batch.pending.map { Pending(key: Array($0.key.utf8), view: $0.value) }
        batch = fresh()
        flushed = true
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let share = (pending.count + cores - 1) / max(cores, 1)
        var rows = try await withThrowingTaskGroup(of: [ViewRow].self) { group in
            for start in stride(from: 0, to: pending.count, by: max(share, 1)) {
                let part = pending[start..<min(start + share, pending.count)]
                group.addTask {
                    try part.map { ViewRow(key: $0.key, value: try $0.view.map { try ProjectionStore.encodeView($0) }) }
                }
            }
            var all: [ViewRow] = []
            all.reserveCapacity(pending.count)
            for try await part in group { all.append(contentsOf: part) }
            return all
        }
        rows.sort { KeyOrder.precedes($0.key, $1.key) }
        return rows
    }

    /// A held view with its key's bytes (a struct for the reason `ViewRow` is one).
    private struct Pending {
        let key: [UInt8]
        let view: View?
    }
}
