public import DomainEvents
public import EventStore

/// A read model folded from the log: a name (its checkpoint identity, never renamed silently), a version
/// (bumping it means "rebuild me from position 0") and a pure fold. Projections never feed decisions.
public protocol Projection: Sendable {
    /// One view (or row) of this projection, stored under a key (a show's listing, one seat of a seat map, …).
    associatedtype View: Codable & Sendable & Equatable
    /// The checkpoint identity and the name of the view table.
    static var name: String { get }
    /// The fold's version; a change rebuilds the views from position 0.
    static var version: Int { get }
    /// Applies a record to the views: reads and writes any of them by key in `views` (a hold marks each of its
    /// seats and records its booking), or returns without touching them for a record this projection ignores.
    /// `event` is the record's domain event, decoded once for every fold that reads the record (`nil`: not a
    /// domain event). Pure: everything it needs is in the record, its event and the views. A throw stops the
    /// projection loudly; skipping is decided here, never in a catch.
    ///
    /// The fold writes into the batch directly rather than returning a change to apply: a returned closure was
    /// allocated, with its captures, for every record and every projection (callgrind, per rebuilt event).
    func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws
}

/// The views as a batch of records sees them: what earlier records of the batch wrote, else what is stored.
/// Only the keys a change touches are read and written, so a big read model (a stadium's seat map) costs per
/// change what the change touches, not what the model holds.
public final class ViewBatch<View: Codable & Sendable> {
    private let load: (String) throws -> View?
    /// Pending writes by key; `.some(nil)` is a removal.
    private(set) var pending: [String: View?] = [:]

    init(load: @escaping (String) throws -> View?) {
        self.load = load
    }

    /// The view under `key`, as this batch left it.
    public func view(_ key: String) throws -> View? {
        if let written = pending[key] { return written }
        return try load(key)
    }

    /// Writes (or with `nil` removes) the view under `key`.
    public func set(_ key: String, _ view: View?) {
        pending[key] = .some(view)
    }

    /// Changes the one view stored under `key`; `nil` is a view that does not exist yet (or is removed).
    public func update(_ key: String, _ change: (inout View?) throws -> Void) throws {
        var view = try self.view(key)
        try change(&view)
        set(key, view)
    }
}
