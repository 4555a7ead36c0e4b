public import Domain
public import EventStore
import Foundation

// Timers as entries of the log's scheduler. Each timer's schedule id derives from what it is about, so scheduling
// it again moves the one timer instead of adding another; its event id derives from the occurrence as well, so a
// timer handled twice after a crash appends nothing twice.

extension TimerCodec where Self: ProtobufEvents {
    static func scheduled(_ event: Event, due: Instant, stream: StreamName, schedule: ScheduleID, occurrence: String) throws(EncodingFailure) -> ScheduledEvent {
        let record = try EventEncoding.newEvent(Self.self, event, id: EventID(DerivedID.uuid(from: occurrence)))
        return ScheduledEvent(id: schedule,
                              due: Date(timeIntervalSince1970: Double(due.rawValue) / 1000), stream: stream, event: record)
    }
}

extension HoldExpiryDue {
    /// The scheduled event for a hold, due when it expires.
    public func scheduled() throws -> ScheduledEvent {
        try HoldExpiryTimer.scheduled(self, due: expiresAt, stream: HoldExpiryTimer.stream(booking),
                                      schedule: ScheduleID(DerivedID.uuid(from: "holdtimer:\(booking.rawValue)")), occurrence: "holdtimer:\(booking.rawValue):\(expiresAt.rawValue)")
    }
}

extension ShowEndDue {
    /// One schedule id per show, so a re-timed show moves its one timer rather than adding a second.
    public static func scheduleID(_ show: ShowID) -> ScheduleID { ScheduleID(DerivedID.uuid(from: "showend:\(show.rawValue)")) }

    /// The scheduled event for a show's end.
    public func scheduled() throws -> ScheduledEvent {
        try ShowEndTimer.scheduled(self, due: endsAt, stream: ShowEndTimer.stream(show),
                                   schedule: Self.scheduleID(show), occurrence: "showend:\(show.rawValue):\(endsAt.rawValue)")
    }
}

extension QueueTickDue {
    /// One schedule id per queue, so each tick moves its one timer on.
    public static func scheduleID(_ show: ShowID) -> ScheduleID { ScheduleID(DerivedID.uuid(from: "queuetick:\(show.rawValue)")) }

    /// The scheduled event for the queue's step at `at`.
    public func scheduled() throws -> ScheduledEvent {
        try QueueTickTimer.scheduled(self, due: at, stream: QueueTickTimer.stream(show), schedule: Self.scheduleID(show),
                                     occurrence: "queuetick:\(show.rawValue):\(at.rawValue)")
    }
}

extension PaymentCheckDue {
    /// The scheduled event, due `delay` after `now`. One timer per booking, moved on by each check; a check handled
    /// twice after a crash moves it to the same place.
    public func scheduled(after now: Instant) throws -> ScheduledEvent {
        try PaymentCheckTimer.scheduled(self, due: now.adding(delay), stream: PaymentCheckTimer.stream(booking),
                                        schedule: ScheduleID(DerivedID.uuid(from: "paymentcheck:\(booking.rawValue)")), occurrence: "paymentcheck:\(booking.rawValue):\(attempt)")
    }
}
