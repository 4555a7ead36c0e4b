public import EventStore

extension EventLog {
    /// Every record of `stream` in order, up to `position` when given, read in pages.
    public func history(of stream: StreamName, through position: GlobalPosition? = nil) async throws(EventStoreError) -> [RecordedEvent] {
        var records: [RecordedEvent] = []
        var version = StreamVersion.first
        while true {
            let page = try await read(stream: stream, from: version, direction: .forwards, limit: 1000)
            for record in page {
                if let position, record.position > position { return records }
                records.append(record)
            }
            guard let last = page.last, page.count == 1000 else { return records }
            version = last.streamVersion.next
        }
    }
}
