public import EventStore
public import Projections

/// Every projection the server runs, for the tools that list and rebuild them by name.
public enum ProjectionCatalog {
    /// A projection known by name: its fold's version, and a rebuild into its other table.
    public struct Entry: Sendable {
        public let name: String
        public let version: Int
        let rebuild: @Sendable (any EventLog, ProjectionStore, @escaping (GlobalPosition, GlobalPosition) -> Void) async throws -> GlobalPosition

        init<P: Projection>(_ projection: P) {
            name = P.name
            version = P.version
            rebuild = { log, store, progress in try await ProjectionRebuild(projection, log: log, store: store).run(progress: progress) }
        }

        /// Rebuilds the projection from position 0 beside its live views, then switches; returns where it is.
        public func rebuild(log: any EventLog, store: ProjectionStore,
                            progress: @escaping (_ position: GlobalPosition, _ head: GlobalPosition) -> Void = { _, _ in }) async throws -> GlobalPosition {
            try await rebuild(log, store, progress)
        }
    }

    public static let all: [Entry] = [
        Entry(ShowAvailabilityProjection()), Entry(ShowListingProjection()), Entry(BookingSummaryProjection()),
        Entry(CustomerBookingsProjection()), Entry(ShowBookingsProjection()), Entry(PayoutLedgerProjection()),
        Entry(HallsProjection()), Entry(SupportIssuesProjection()), Entry(ShowAnalyticsProjection()),
    ]

    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }
}
