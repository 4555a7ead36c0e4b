import EventStore
import Foundation
import LMDB

/// The baseline: what LMDB itself does on this disk, with fsync'd commits of N sequential records.
struct RawLMDBBenchmark {
    let environment: Environment
    let database: Database
    let record: [UInt8]

    init(path: String, recordSize: Int) throws {
        environment = try Environment(path: path, options: .init(mapSize: 8 << 30, durable: true))
        database = try environment.openDatabase("log")
        record = (0..<recordSize).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    }

    struct Result {
        var recordsPerSecond: Double
        var commitsPerSecond: Double
        /// How long each fsync'd commit took: the floor under any durable append's latency on this disk.
        var commitLatency: LatencySample
    }

    /// Commits of `recordsPerCommit` records until `duration` has passed.
    func run(recordsPerCommit: Int, for duration: Duration) throws -> Result {
        var key = try environment.read { txn in
            try txn.withCursor(database) { cursor in try cursor.last().flatMap { BigEndianKey.read($0.key) } ?? 0 }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var commits = 0
        var latency = LatencySample()
        while clock.now - start < duration {
            let began = clock.now
            try environment.write { txn in
                for _ in 0..<recordsPerCommit {
                    key += 1
                    try record.withUnsafeBytes { value in
                        try BigEndianKey.bytes(key).withUnsafeBytes { k in try txn.put(database, key: k, value: value, flags: .append) }
                    }
                }
            }
            latency.add(clock.now - began)
            commits += 1
        }
        let elapsed = (clock.now - start).seconds
        return Result(recordsPerSecond: Double(commits * recordsPerCommit) / elapsed, commitsPerSecond: Double(commits) / elapsed,
                      commitLatency: latency)
    }
}
