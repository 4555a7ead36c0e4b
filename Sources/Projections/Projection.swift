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
    /// How a record changes the views, or `nil` for a record this projection ignores. `event` is the record's
    /// domain event, decoded once for every fold that reads the record (`nil`: not a domain event). Pure:
    /// everything it needs is in the record, its event and the views. A throw stops the projection loudly;
    /// skipping is decided here, never in a catch.
    func fold(_ record: RecordedEvent, _ event: DomainEvent?) throws -> ViewChange<View>?
}

/// What one record does to a projection's views: reads and writes any of them by key, within the batch.
public struct ViewChange<View: Codable & Sendable>: Sendable {
    public let apply: @Sendable (ViewBatch<View>) throws -> Void

    /// A change that may touch several views (a hold marks each of its seats and records its booking).
    public init(_ apply: @escaping @Sendable (ViewBatch<View>) throws -> Void) {
        self.apply = apply
    }

    /// A change to the one view stored under `key`; `nil` is a view that does not exist yet (or is removed).
    public init(key: String, apply: @escaping @Sendable (inout View?) -> Void) {
        self.apply = { batch in
            var view = try batch.view(key)
            apply(&view)
            batch.set(key, view)
        }
    }
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
}
