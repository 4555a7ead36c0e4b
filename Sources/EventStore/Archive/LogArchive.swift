/// The backup format of the log: an 8-byte magic, then one zstd frame (with checksum) holding, for each
/// record in position order, a u32 little-endian length and the record's exact stored bytes; then the
/// trailer: u32 0xFFFFFFFF, u64 record count, and the last record's 32-byte chain hash. Format 2 (magic
/// `TKTLOG2\n`) goes on after the trailer with the shared files it carries (`ArchiveFiles`): for each, a u16 length
/// and the name `folder/file` in UTF-8, a u64 length and the bytes; then a u16 0. Format 1 archives still read.
///
/// The records are copied byte for byte, so an import reproduces the log exactly and the chain still verifies.
/// Whole-archive compression is used rather than per-record compression: a JSON record of ~200 bytes shrinks
/// little on its own, while a stream of them compresses well (see the README for measured figures).
public enum LogArchive {
    /// "TKTLOG" + format 2 + newline: what exports write.
    static let magic: [UInt8] = Array("TKTLOG2\n".utf8)
    /// Format 1: records only, no files after the trailer.
    static let magicWithoutFiles: [UInt8] = Array("TKTLOG1\n".utf8)
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
        /// Shared files carried after the records, and their size in bytes.
        public var files: Int
        public var fileBytes: Int

        public init(records: UInt64, lastHash: String, archiveBytes: Int, recordBytes: Int, files: Int = 0, fileBytes: Int = 0) {
            self.records = records
            self.lastHash = lastHash
            self.archiveBytes = archiveBytes
            self.recordBytes = recordBytes
            self.files = files
            self.fileBytes = fileBytes
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
