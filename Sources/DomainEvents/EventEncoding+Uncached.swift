public import EventStore

extension EventEncoding {
    /// Decodes each record of a domain category into the shared cache of decoded events, so the folds that read
    /// them next (on another thread) find them decoded. A record that does not decode is left for its fold, which
    /// reports it; this is only a head start.
    public static func warm(_ records: [RecordedEvent]) {
        for record in records {
            CategoryCodec.byCategory[record.stream.category]?.warm(record)
        }
    }

    /// Decodes each record of a domain category into its domain event, without the cache, and returns how many
    /// were: what any fold over domain events of another process (a rebuild, an audit) pays first.
    public static func decodeWithoutCache(_ records: [RecordedEvent]) throws -> Int {
        var decoded = 0
        for record in records {
            guard let codec = CategoryCodec.byCategory[record.stream.category] else { continue }
            if try codec.decodeUncached(record) { decoded += 1 }
        }
        return decoded
    }
}
