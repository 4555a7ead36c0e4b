import DomainEvents
import EventStore
import Foundation

/// A record's payload as JSON text, as `tktplz log dump` shows it (stored payloads are compact-encoded).
func payloadJSON(_ record: RecordedEvent) throws -> String {
    String(decoding: try EventEncoding.jsonPayload(of: record), as: UTF8.self)
}
