import Foundation
import Synchronization

/// Token buckets per key (a rule and a client address), in memory and bounded: a bucket that has refilled holds
/// nothing worth keeping, so when the table is full the longest unused quarter goes (they have refilled first).
public final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    /// The most keys kept at once.
    public let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// Takes one token for `key` under `rule` at `now` (seconds): `nil` if one was there, else the seconds until
    /// one will be.
    public func take(_ key: String, _ rule: RateLimitSettings.Rule, now: Double) -> Double? {
        let burst = Double(rule.burst)
        let perSecond = Double(rule.perHour) / 3600
        return buckets.withLock { table in
            var bucket = table[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                if table[key] == nil, table.count >= capacity { Self.trim(&table, capacity: capacity) }
                table[key] = bucket
                return nil
            }
            table[key] = bucket
            return (1 - bucket.tokens) / perSecond
        }
    }

    public var count: Int { buckets.withLock { $0.count } }

    private static func trim(_ table: inout [String: Bucket], capacity: Int) {
        let oldest = table.sorted { $0.value.updated < $1.value.updated }.prefix(table.count - capacity * 3 / 4)
        for (key, _) in oldest { table[key] = nil }
    }
}
