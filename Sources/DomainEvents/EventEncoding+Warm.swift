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
