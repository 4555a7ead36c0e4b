public import EventStore

/// Every projection there is, listed once: the server runs each of them (`RunningProjections`), the tools list and
/// rebuild them by name, and the tests check them all.
public enum ProjectionCatalog {
    /// A projection known by name: its fold's version, a runner following the log, and a rebuild into its other
    /// table.
    public struct Entry: Sendable {
        public let name: String
        public let version: Int
        let part: @Sendable (any EventLog, ProjectionStore, _ viewsInMemory: Int) throws -> RebuildPart
        let start: @Sendable (any EventLog, ProjectionStore) throws(EventStoreError) -> RunningProjection

        init<P: Projection>(_ projection: P) {
            name = P.name
            version = P.version
            part = { log, store, views in try ProjectionRebuild(projection, log: log, store: store, viewsInMemory: views).part() }
            start = { log, store throws(EventStoreError) in RunningProjection(try ProjectionRunner(projection, log: log, store: store)) }
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
        Entry(HallsProjection()), Entry(SupportIssuesProjection()), Entry(ShowAnalyticsProjection()), Entry(ShowChatProjection()),
        Entry(ShowAttendeesProjection()), Entry(WebhooksProjection()),
    ]

    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }
}

/// A projection kept up to date in this process, whatever its view type. Its runner is driven through closures made
/// where the projection's type is known, so the runner's code is specialised for its views; through an existential
/// (`any` protocol), every batch ran the runner's generic code, as a rebuild did (see `RebuildPart`).
public struct RunningProjection: ProjectionProgress {
    /// The runner itself, found by its type in `RunningProjections.runner`.
    let runner: any ProjectionProgress
    private let catchingUp: @Sendable () async throws -> Void
    private let running: @Sendable () async throws -> Void

    init<P: Projection>(_ runner: ProjectionRunner<P>) {
        self.runner = runner
        catchingUp = { try await runner.catchUp() }
        running = { try await runner.run() }
    }

    public var projectionName: String { runner.projectionName }
    public var position: GlobalPosition { runner.position }

    /// Applies everything the log holds now, then returns.
    public func catchUp() async throws { try await catchingUp() }

    /// Catches up, then follows the log until cancelled.
    public func run() async throws { try await running() }
}

/// Every projection of the catalog, running over one log and store (the server's): each is reached by its type.
public struct RunningProjections: Sendable {
    /// In the catalog's order.
    public let all: [RunningProjection]

    public init(log: any EventLog, store: ProjectionStore) throws(EventStoreError) {
        var all: [RunningProjection] = []
        for entry in ProjectionCatalog.all { all.append(try entry.start(log, store)) }
        self.all = all
    }

    /// The runner of `P`. Every projection a server asks for is in the catalog; one missing is a programming error
    /// that stops the server as it starts (and every server test with it).
    public func runner<P: Projection>(_ type: P.Type) -> ProjectionRunner<P> {
        guard let runner = all.lazy.compactMap({ $0.runner as? ProjectionRunner<P> }).first else {
            preconditionFailure("projection \(P.name) is not in ProjectionCatalog.all")
        }
        return runner
    }
}
