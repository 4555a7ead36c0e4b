public import Foundation

/// Identity of one event, chosen by the caller so that a retried append is recognised and written once.
public struct EventID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(rawValue: UUID) { self.rawValue = rawValue }
    public init(_ value: UUID) { self.rawValue = value }
    public var description: String { rawValue.uuidString.lowercased() }
}

/// Ties together every event caused by one request or workflow (message-db's `correlationStreamName` role).
public struct CorrelationID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(rawValue: UUID) { self.rawValue = rawValue }
    public init(_ value: UUID) { self.rawValue = value }
    public var description: String { rawValue.uuidString.lowercased() }
}

/// Identity of a scheduled event; scheduling the same id again moves it, cancelling removes it.
public struct ScheduleID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(rawValue: UUID) { self.rawValue = rawValue }
    public init(_ value: UUID) { self.rawValue = value }
    public var description: String { rawValue.uuidString.lowercased() }
}
