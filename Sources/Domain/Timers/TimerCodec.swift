/// A timer's stream category holds one stored type, the timer as it fell due: the scheduler appends it to the
/// timer's own stream and a reactor acts on it. Declared here with the aggregates' events because it is stored
/// the same way and is as much a part of the storage contract.
public protocol TimerCodec: EventCodec where Event: Codable {
    /// The stored type name.
    static var type: String { get }
}

extension TimerCodec {
    public static func encode(_ event: Event) -> StoredEvent { StoredEvent(type, event) }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        type == Self.type ? try Event(from: decoder) : nil
    }
}
