import Foundation

/// LMDB's order of keys (bytes compared one by one, a shorter key before a longer one it begins), by `memcmp`.
/// A rebuild sorts every view it writes; `Array.lexicographicallyPrecedes`, a generic loop over elements, cost
/// 9 % of a rebuild's instructions in that sort (callgrind).
enum KeyOrder {
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                let common = min(x.count, y.count)
                if common > 0, let left = x.baseAddress, let right = y.baseAddress {
                    let order = memcmp(left, right, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }
}
