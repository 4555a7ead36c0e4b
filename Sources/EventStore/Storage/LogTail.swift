/// The end of the log as the writer knows it: the last position and its chain hash.
struct LogTail: Sendable, Equatable {
    var head: UInt64
    var hash: ChainHash

    static let empty = LogTail(head: 0, hash: .genesis)
}
