/// A stream's name, `category-id` (message-db's convention): the category is everything before the first `-`.
///
/// Validated on creation: a category of letters, digits and `_`; a non-empty id without control characters;
/// at most 200 UTF-8 bytes in all (LMDB keys are limited to 511 bytes and the stream index adds 9).
public struct StreamName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The whole name, `category-id`.
    public let rawValue: String
    /// Where the first `-` is, in UTF-8 bytes: the parts are cut there without searching the name by characters,
    /// which every fold asking a record for its stream's id did (5 % of a rebuild). Only the offset is kept, not
    /// the parts: a name is copied wherever the log writer keeps a stream, and two more strings to retain per copy
    /// looked like a tenth off the group-committed appends (bench log, 1,000 appenders, two alternating runs).
    private let dash: Int
    /// FNV-1a of the name's bytes, computed once: the writer looks streams up in several tables per append,
    /// and hashing the whole string each time showed in profiles.
    private let fingerprint: UInt64

    /// The longest name accepted, in UTF-8 bytes.
    public static let maxLength = 200

    /// Builds `category-id` from its parts.
    public init(category: String, id: String) throws(EventStoreError) {
        try self.init("\(category)-\(id)")
    }

    /// Validates a whole `category-id` name.
    public init(_ rawValue: String) throws(EventStoreError) {
        if let problem = Self.problem(in: rawValue) {
            throw EventStoreError(.invalidStreamName, "stream name \"\(rawValue)\" is invalid: \(problem)")
        }
        self.init(trusted: rawValue)
    }

    /// For names read back from the log, which were validated when written.
    init(trusted rawValue: String) {
        var rawValue = rawValue
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        rawValue.withUTF8 { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        self.rawValue = rawValue
        self.fingerprint = hash
        // Never without a '-' for a validated name; kept total for names read back from a damaged log.
        dash = rawValue.utf8.firstIndex(of: UInt8(ascii: "-")).map { rawValue.utf8.distance(from: rawValue.utf8.startIndex, to: $0) }
            ?? rawValue.utf8.count
    }

    /// The part before the first `-`.
    public var category: String {
        let utf8 = rawValue.utf8
        return String(Substring(utf8[..<utf8.index(utf8.startIndex, offsetBy: dash)]))
    }

    /// The part after the first `-`.
    public var id: String {
        let utf8 = rawValue.utf8
        guard dash < utf8.count else { return "" }
        return String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: dash + 1)...]))
    }

    public static func == (a: StreamName, b: StreamName) -> Bool {
        a.fingerprint == b.fingerprint && a.rawValue == b.rawValue
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }

    /// Whether the stream is in `category`, checked without building a string: readers that follow the whole
    /// log ask this of every record.
    public func isIn(category: String) -> Bool {
        // The category ends at the first '-', whose offset is kept: equal lengths, then equal bytes.
        category.utf8.count == dash && dash < rawValue.utf8.count && rawValue.utf8.starts(with: category.utf8)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    private static func problem(in name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.count > maxLength { return "longer than \(maxLength) bytes" }
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")) else { return "expected category-id" }
        let category = bytes[..<dash]
        let id = bytes[(dash + 1)...]
        if category.isEmpty { return "the category before '-' is empty" }
        if id.isEmpty { return "the id after '-' is empty" }
        let isWordByte: (UInt8) -> Bool = { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_")
        }
        if !category.allSatisfy(isWordByte) { return "the category may hold only letters, digits and '_'" }
        if id.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "the id contains a control character" }
        return nil
    }
}
