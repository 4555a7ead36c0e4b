public import Domain
public import EventStore
import Foundation

/// A show's end in the log's scheduler: scheduled when the show is approved, moved when it is re-timed, void when
/// it is cancelled. When it falls due the scheduler appends `ShowEndDue` to the show's timer stream and
/// `ShowEndReactor` ends the show and settles its payout.
public struct ShowEndDue: Codable, Sendable, Equatable {
    public var show: ShowID
    public var endsAt: Instant

    // NOTE: stored names; renaming one orphans recorded timers.
    public static let type = "ShowEndDue"
    public static let category = "showend"

    public init(show: ShowID, endsAt: Instant) {
        self.show = show
        self.endsAt = endsAt
    }

    /// One schedule id per show, so a re-timed show moves its one timer rather than adding a second.
    static func scheduleID(_ show: ShowID) -> ScheduleID { ScheduleID(DerivedID.uuid(from: "showend:\(show.rawValue)")) }

    func scheduled() throws -> ScheduledEvent {
        ScheduledEvent(
            id: Self.scheduleID(show),
            due: Date(timeIntervalSince1970: Double(endsAt.rawValue) / 1000),
            stream: try StreamName(category: Self.category, id: show.rawValue),
            event: NewEvent(id: EventID(DerivedID.uuid(from: "showend:\(show.rawValue):\(endsAt.rawValue)")), type: Self.type,
                            payload: try JSONEncoder().encode(self)))
    }
}
