/// Maps an aggregate's events to stored type names and their `Codable` payloads and back. The names are literals
/// declared once per aggregate (never derived from Swift type names). New records are stored as the protobuf
/// messages of `schema/tktplz/events/v1` (mapped in DomainEvents, each message named as its stored type); the
/// `Codable` shape here is how `tktplz log dump` shows a payload as JSON and how payloads of older logs (JSON, then
/// CompactCoding) are read, so it stays exactly what the `*+Events.swift` files say (golden JSON tests hold it).
public protocol EventCodec {
    associatedtype Event: Sendable
    /// The stream category, the part before `-` in `category-id`.
    static var category: String { get }
    /// The stored type name and the payload to encode.
    static func encode(_ event: Event) -> StoredEvent
    /// The event of a stored type, its payload read from `decoder`; `nil` for a type this codec does not know.
    static func decode(type: String, from decoder: any Decoder) throws -> Event?
}

/// An event ready to store: its type name and its `Codable` payload.
public struct StoredEvent: Sendable {
    public let type: String
    public let payload: any Encodable & Sendable

    public init(_ type: String, _ payload: any Encodable & Sendable) {
        self.type = type
        self.payload = payload
    }
}
