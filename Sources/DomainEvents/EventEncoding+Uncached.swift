public import EventStore

extension EventEncoding {
    /// Decodes each record of a domain category into its domain event, without the cache, and returns how many
    /// were: what any fold over domain events of another process (a rebuild, an audit) pays first.
    public static func decodeWithoutCache(_ records: [RecordedEvent]) throws -> Int {
        var decoded = 0
        for record in records where try DomainEvent.decoded(record) != nil {
            decoded += 1
        }
        return decoded
    }
}
