public import EventStore
import Domain

extension EventEncoding {
    /// Decodes each record of a domain category into the shared cache of decoded events, so the folds that read
    /// them next (on another thread) find them decoded. A record that does not decode is left for its fold, which
    /// reports it; this is only a head start.
    public static func warm(_ records: [RecordedEvent]) {
        for record in records {
            warmers[record.stream.category]?(record)
        }
    }

    private static let warmers: [String: @Sendable (RecordedEvent) -> Void] = {
        var table: [String: @Sendable (RecordedEvent) -> Void] = [:]
        for codec in DomainCodecs.all { table[codec.category] = warmer(codec) }
        return table
    }()

    private static func warmer<C: ProtobufEvents>(_: C.Type) -> @Sendable (RecordedEvent) -> Void {
        // A head start only: a record that does not decode is reported by the fold that needs it.
        { record in _ = try? decode(C.self, record) }
    }
}

extension EventEncoding {
    /// Decodes each record of a domain category into its domain event, without the cache, and returns how many
    /// were: what any fold over domain events of another process (a rebuild, an audit) pays first.
    public static func decodeWithoutCache(_ records: [RecordedEvent]) throws -> Int {
        var decoded = 0
        for record in records {
            guard let decode = decoders[record.stream.category] else { continue }
            if try decode(record) { decoded += 1 }
        }
        return decoded
    }

    private static let decoders: [String: @Sendable (RecordedEvent) throws -> Bool] = {
        var table: [String: @Sendable (RecordedEvent) throws -> Bool] = [:]
        for codec in DomainCodecs.all { table[codec.category] = decoder(codec) }
        return table
    }()

    private static func decoder<C: ProtobufEvents>(_: C.Type) -> @Sendable (RecordedEvent) throws -> Bool {
        { record in try decodePayload(C.self, type: record.type, record.payload) != nil }
    }
}
