public import EventStore

/// A read model folded from the log: a name (its checkpoint identity, never renamed silently), a version
/// (bumping it means "rebuild me") and a pure `apply`. Projections never feed decisions.
public protocol Projection: Sendable {
    /// The view this projection builds.
    associatedtype View: Sendable
    /// The checkpoint identity.
    static var name: String { get }
    /// The fold's version; a change rebuilds the view from position 0.
    static var version: Int { get }
    /// Folds one recorded event into the view; events of types it does not handle leave the view alone.
    func apply(_ event: RecordedEvent, to view: inout View)
}
