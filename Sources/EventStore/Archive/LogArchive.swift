/// The backup format of the log: an 8-byte magic, then one zstd frame (with checksum) holding, for each
/// record in position order, a u32 little-endian length and the record's exact stored bytes; then the
/// trailer: u32 0xFFFFFFFF, u64 record count, and the last record's 32-byte chain hash.
///
/// The records are copied byte for byte, so an import reproduces the log exactly and the chain still verifies.
/// Whole-archive compression is used rather than per-record compression: a JSON record of ~200 bytes shrinks
/// little on its own, while a stream of them compresses well (see the README for measured figures).
public enum LogArchive {
    /// "TKTLOG" + format 1 + newline.
    static let magic: [UInt8] = Array("TKTLOG1\n".utf8)
    static let trailerMarker: UInt32 = 0xFFFF_FFFF

    /// What an export wrote or an import read.
    public struct Summary: Sendable, Equatable {
        /// Records in the archive.
        public var records: UInt64
        /// The last record's chain hash, hex.
        public var lastHash: String
        /// Archive size in bytes.
        public var archiveBytes: Int
        /// Plain size of the records in bytes.
        public var recordBytes: Int

        public init(records: UInt64, lastHash: String, archiveBytes: Int, recordBytes: Int) {
            self.records = records
            self.lastHash = lastHash
            self.archiveBytes = archiveBytes
            self.recordBytes = recordBytes
        }
    }
}

extension [UInt8] {
    /// Lowercase hex.
    var hex: String {
        let digits = [Character]("0123456789abcdef")
        var text = ""
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
