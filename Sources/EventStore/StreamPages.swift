/// A stream read from a version onwards, one page at a time: the one way the codebase reads a whole stream, so
/// no caller loads a long stream in one read nor writes out the page arithmetic again.
///
/// ```swift
/// var pages = log.pages(of: stream)
/// while let page = try await pages.next() { … }
/// ```
public struct StreamPages {
    private let log: any EventLog
    private let stream: StreamName
    private let pageSize: Int
    /// The version the next page starts at; `nil` once a short page showed the stream's end.
    private var next: StreamVersion?

    init(log: any EventLog, stream: StreamName, from version: StreamVersion, pageSize: Int) {
        self.log = log
        self.stream = stream
        self.pageSize = max(1, pageSize)
        next = version
    }

    /// The next page, in stream order; `nil` when the stream has no more (an empty stream gives `nil` at once).
    public mutating func next() async throws(EventStoreError) -> [RecordedEvent]? {
        guard let version = next else { return nil }
        let page = try await log.read(stream: stream, from: version, direction: .forwards, limit: pageSize)
        next = page.count == pageSize ? page.last?.streamVersion.next : nil
        return page.isEmpty ? nil : page
    }
}

extension EventLog {
    /// The records of `stream` from `version` on, page by page.
    public func pages(of stream: StreamName, from version: StreamVersion = .first, pageSize: Int = 1000) -> StreamPages {
        StreamPages(log: self, stream: stream, from: version, pageSize: pageSize)
    }

    /// Every record of `stream` in order, up to `position` when given.
    public func history(of stream: StreamName, through position: GlobalPosition? = nil) async throws(EventStoreError) -> [RecordedEvent] {
        var records: [RecordedEvent] = []
        var pages = self.pages(of: stream)
        while let page = try await pages.next() {
            for record in page {
                if let position, record.position > position { return records }
                records.append(record)
            }
        }
        return records
    }
}
