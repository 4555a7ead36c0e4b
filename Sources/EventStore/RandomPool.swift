import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Random bytes from the kernel's generator, fetched 4 KiB at a time so that ids cost no system call each.
final class RandomPool: Sendable {
    static let shared = RandomPool()

    private struct State {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var offset = 4096
    }

    private let state = Mutex(State())

    /// Sixteen fresh random bytes.
    func next16() -> (UInt64, UInt64) {
        state.withLock { state in
            if state.offset + 16 > state.buffer.count {
                // glibc's arc4random_buf draws from getrandom and never fails.
                state.buffer.withUnsafeMutableBytes { raw in arc4random_buf(raw.baseAddress!, raw.count) }
                state.offset = 0
            }
            defer { state.offset += 16 }
            return state.buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: state.offset, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: state.offset + 8, as: UInt64.self))
            }
        }
    }
}
