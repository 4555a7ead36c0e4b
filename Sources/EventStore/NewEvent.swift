public import Foundation

/// What a caller appends: an id for idempotent retries, a stored type name, payload bytes and metadata.
public struct NewEvent: Sendable, Equatable {
    /// Chosen by the caller; appending the same id again writes nothing and returns the original position.
    public var id: EventID
    /// The stored type name, declared once by the domain (never derived from a Swift type's name).
    public var type: String
    /// Opaque bytes (JSON in practice); the store never looks inside.
    public var payload: Data
    /// The request or workflow this event belongs to.
    public var correlationID: CorrelationID?
    /// The event that caused this one.
    public var causationID: EventID?

    public init(
        id: EventID, type: String, payload: Data,
        correlationID: CorrelationID? = nil, causationID: EventID? = nil
    ) {
        self.id = id
        self.type = type
        self.payload = payload
        self.correlationID = correlationID
        self.causationID = causationID
    }
}
