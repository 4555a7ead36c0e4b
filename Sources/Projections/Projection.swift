public import EventStore

/// A read model folded from the log: a name (its checkpoint identity, never renamed silently), a version
/// (bumping it means "rebuild me from position 0") and a pure fold. Projections never feed decisions.
public protocol Projection: Sendable {
    /// One view of this projection, stored under a key (a show's availability, a customer's bookings, …).
    associatedtype View: Codable & Sendable & Equatable
    /// The checkpoint identity and the name of the view table.
    static var name: String { get }
    /// The fold's version; a change rebuilds the views from position 0.
    static var version: Int { get }
    /// Which view a record changes and how, or `nil` for a record this projection ignores. Pure: everything it
    /// needs is in the record. A throw stops the projection loudly; skipping is decided here, never in a catch.
    func fold(_ record: RecordedEvent) throws -> ViewChange<View>?
}

/// A change to the view stored under `key`; `nil` is a view that does not exist yet (or is removed).
public struct ViewChange<View>: Sendable {
    public let key: String
    public let apply: @Sendable (inout View?) -> Void

    public init(key: String, apply: @escaping @Sendable (inout View?) -> Void) {
        self.key = key
        self.apply = apply
    }
}
