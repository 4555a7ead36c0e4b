public import Foundation

/// An event as the log holds it: what was appended plus where and when, and its hash-chain link.
public struct RecordedEvent: Sendable, Equatable {
    /// Place in the whole log (gapless from 1).
    public var position: GlobalPosition
    /// The stream it belongs to.
    public var stream: StreamName
    /// Place in its stream (contiguous from 0).
    public var streamVersion: StreamVersion
    /// The stored type name.
    public var type: String
    /// When the store wrote it, to the microsecond.
    public var recordedAt: Date
    /// The caller's id for the event.
    public var id: EventID
    /// The request or workflow it belongs to.
    public var correlationID: CorrelationID?
    /// The event that caused it.
    public var causationID: EventID?
    /// The opaque payload.
    public var payload: Data
    /// SHA-256 over the previous record's hash and this record's bytes.
    public var hash: ChainHash

    public init(
        position: GlobalPosition, stream: StreamName, streamVersion: StreamVersion, type: String,
        recordedAt: Date, id: EventID, correlationID: CorrelationID?, causationID: EventID?,
        payload: Data, hash: ChainHash
    ) {
        self.position = position
        self.stream = stream
        self.streamVersion = streamVersion
        self.type = type
        self.recordedAt = recordedAt
        self.id = id
        self.correlationID = correlationID
        self.causationID = causationID
        self.payload = payload
        self.hash = hash
    }
}
