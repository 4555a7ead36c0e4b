public import Foundation

/// An event to be appended to a stream when its due time comes (a hold's expiry, a show's end).
public struct ScheduledEvent: Sendable, Equatable {
    /// Its identity: scheduling the same id again moves it; cancelling removes it.
    public var id: ScheduleID
    /// When it falls due.
    public var due: Date
    /// The stream it will be appended to (with expected version `any`: the domain decides whether it still applies).
    public var stream: StreamName
    /// The event to append; its id makes the append happen once even if firing is retried.
    public var event: NewEvent

    public init(id: ScheduleID, due: Date, stream: StreamName, event: NewEvent) {
        self.id = id
        self.due = due
        self.stream = stream
        self.event = event
    }
}
