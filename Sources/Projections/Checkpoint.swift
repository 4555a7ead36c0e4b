public import EventStore
import LMDB

/// How far a projection has applied the log, and with which version of its fold.
public struct Checkpoint: Sendable, Equatable {
    public var version: Int
    public var position: GlobalPosition

    public init(version: Int, position: GlobalPosition) {
        self.version = version
        self.position = position
    }

    /// 16 bytes: version and position, both big-endian.
    var bytes: [UInt8] { BigEndianKey.bytes(UInt64(version)) + BigEndianKey.bytes(position.rawValue) }

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let version = BigEndianKey.read(bytes, at: 0), let position = BigEndianKey.read(bytes, at: 8) else { return nil }
        self.init(version: Int(version), position: GlobalPosition(position))
    }
}
