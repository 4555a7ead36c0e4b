/// A dictionary encodes in the order of its keys, not in its hash order: two equal dictionaries (a projection's
/// view as the live fold built it and as a rebuild built it) must be the same bytes, and each dictionary instance
/// hashes with a seed of its own.
protocol CompactKeyOrdered {
    func encodeInKeyOrder(into writer: CompactWriter, at place: CompactPlace) throws
}

extension Dictionary: CompactKeyOrdered where Key: Comparable & Encodable, Value: Encodable {
    /// The shape the standard library's own conformance gives (so its `init(from:)` reads it back): keyed by the
    /// key's string for `String`, `Int` and `CodingKeyRepresentable` keys, else alternating keys and values.
    func encodeInKeyOrder(into writer: CompactWriter, at place: CompactPlace) throws {
        let ordered = sorted { $0.key < $1.key }
        for (key, value) in ordered {
            try writer.settle(at: place)
            if let name = Self.name(of: key) {
                writer.writeString(name)
            } else {
                try writer.encodeValue(key)
                try writer.settle(at: place)
            }
            try writer.encodeValue(value)
        }
    }

    private static func name(of key: Key) -> String? {
        if let string = key as? String { return string }
        if let number = key as? Int { return String(number) }
        if let representable = key as? any CodingKeyRepresentable { return representable.codingKey.stringValue }
        return nil
    }
}
