public import EventStore
public import Projections

/// Every projection the server runs, for the tools that list and rebuild them by name.
public enum ProjectionCatalog {
    /// A projection known by name: its fold's version, and a rebuild into its other table.
    public struct Entry: Sendable {
        public let name: String
        public let version: Int
        let part: @Sendable (any EventLog, ProjectionStore, _ viewsInMemory: Int) throws -> RebuildPart

        init<P: Projection>(_ projection: P) {
            name = P.name
            version = P.version
            part = { log, store, views in try ProjectionRebuild(projection, log: log, store: store, viewsInMemory: views).part() }
        }

        /// Rebuilds the projection from position 0 beside its live views, then switches; returns where it is.
        public func rebuild(log: any EventLog, store: ProjectionStore,
                            progress: (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
            try await ProjectionCatalog.rebuild([self], log: log, store: store, progress: progress)
        }
    }

    /// Rebuilds `entries` in one pass over the log (each page read once, folded by each), each switching on its own.
    /// `pageSize` records are read at a time, and each projection holds up to `viewsInMemory` views before it
    /// writes them out (tests make both small, so that views are written and read back mid-rebuild).
    @discardableResult
    public static func rebuild(_ entries: [Entry], log: any EventLog, store: ProjectionStore, pageSize: Int = 5000, viewsInMemory: Int = 400_000,
                               progress: (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
        let parts = try entries.map { try $0.part(log, store, viewsInMemory) }
        return try await RebuildPass(parts, log: log, store: store, pageSize: pageSize).run(progress: progress)
    }

    public static let all: [Entry] = [
        Entry(ShowAvailabilityProjection()), Entry(ShowListingProjection()), Entry(BookingSummaryProjection()),
        Entry(CustomerBookingsProjection()), Entry(ShowBookingsProjection()), Entry(PayoutLedgerProjection()),
        Entry(HallsProjection()), Entry(SupportIssuesProjection()), Entry(ShowAnalyticsProjection()),
    ]

    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }
}
