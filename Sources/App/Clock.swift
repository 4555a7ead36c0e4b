public import Domain
public import Foundation

extension Instant {
    /// Now, from the system clock: the shell's job, since the domain has no clock.
    public static func now() -> Instant {
        Instant(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

extension Instant {
    /// The instant in UTC as ISO 8601 (`2026-12-01T14:00:00Z`), for messages people read.
    public var iso8601: String {
        Date(timeIntervalSince1970: TimeInterval(rawValue) / 1000).formatted(.iso8601)
    }
}

extension Instant {
    /// The instant as a `Date`, for the shell's APIs that take one.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(rawValue) / 1000) }
}
