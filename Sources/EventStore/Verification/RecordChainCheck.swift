/// The checks every backend's verify makes of each record, in position order: positions without gaps, a readable
/// record, a hash that chains from the previous one, a valid stream name and stream versions without gaps.
package struct RecordChainCheck {
    /// The last position checked.
    package private(set) var checked: UInt64 = 0
    private var hash = ChainHash.genesis
    private(set) var nextVersion: [String: UInt64] = [:]
    package private(set) var problem: LogVerification.Problem?

    package init() {}

    /// Distinct streams seen.
    package var streams: Int { nextVersion.count }

    /// Checks the record stored at `position`; returns its stream and version, or `nil` once a problem is found.
    package mutating func check(_ bytes: UnsafeRawBufferPointer, at position: UInt64) -> (stream: StreamName, version: UInt64)? {
        guard problem == nil else { return nil }
        guard position == checked + 1 else { return fail(checked + 1, "missing; the next record is at \(position)") }
        let record: RecordEncoding.Layout
        do {
            record = try RecordEncoding.Layout(bytes, at: position)
        } catch {
            return fail(position, "unreadable: \(error.message)")
        }
        let expectedHash = hash.chained(with: record.hashedBytes)
        guard expectedHash.matches(record.hashBytes) else {
            return fail(position, "hash chain broken: the record's bytes or its link were changed")
        }
        let streamName = String(decoding: record.streamBytes, as: UTF8.self)
        let stream: StreamName
        do {
            stream = try StreamName(streamName)
        } catch {
            return fail(position, error.message)
        }
        let version = nextVersion[streamName] ?? 0
        guard record.streamVersion == version else {
            return fail(position, "stream \(streamName) jumps to version \(record.streamVersion), expected \(version)")
        }
        hash = expectedHash
        nextVersion[streamName] = version + 1
        checked = position
        return (stream, version)
    }

    /// Records a problem found outside the record itself (an index that disagrees).
    package mutating func fail(_ position: UInt64, _ reason: String) -> (stream: StreamName, version: UInt64)? {
        problem = LogVerification.Problem(position: GlobalPosition(position), reason: reason)
        return nil
    }

    /// The outcome so far.
    package var verification: LogVerification { LogVerification(records: checked, streams: streams, problem: problem) }
}
