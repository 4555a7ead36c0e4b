import DomainEvents

/// A view stored in a binary form of its own instead of CompactCoding (Codable): for the views a rebuild writes
/// most. Stored behind `marker`, so views written compact by earlier versions still read.
protocol BinaryView {
    func binaryEncoded(into writer: inout WireWriter)
    init(binary reader: inout WireReader) throws(SchemaMismatch)
}

enum BinaryViewFormat {
    /// The first byte of a binary view (CompactCoding starts with 0xC7, JSON with `{`).
    static let marker: UInt8 = 0xB2

    static func encode(_ view: some BinaryView) -> [UInt8] {
        var writer = WireWriter(capacity: 256)
        writer.byte(marker)
        view.binaryEncoded(into: &writer)
        return writer.bytes
    }

    /// The view in `bytes` if they hold a binary view of a type that has one, else `nil`.
    static func decode<View>(_: View.Type, from bytes: UnsafeRawBufferPointer) throws -> View? {
        guard bytes.first == marker, let type = View.self as? any BinaryView.Type else { return nil }
        var reader = WireReader(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()))
        return try decode(type, &reader) as? View
    }

    private static func decode<B: BinaryView>(_: B.Type, _ reader: inout WireReader) throws -> B {
        try B(binary: &reader)
    }
}

extension WireReader {
    /// A row stored as one of several kinds, each in a field of its own (as a protobuf `oneof`; the last one given
    /// wins): `kind` reads the field it knows and returns the row, or `nil` for a field it does not know (skipped).
    /// `row` names the row for the error when no kind is there.
    mutating func oneOf<Row>(
        _ row: String, _ kind: (_ number: Int, _ wireType: Int, _ reader: inout WireReader) throws(SchemaMismatch) -> Row?
    ) throws(SchemaMismatch) -> Row {
        var found: Row?
        while let (number, wire) = try field() {
            if let read = try kind(number, wire, &self) { found = read } else { try skip(wire) }
        }
        guard let found else { throw SchemaMismatch("\(row) of no kind") }
        return found
    }
}
