/// The compact binary format of `CompactEncoder` and `CompactDecoder`: what Codable values become when they are
/// stored (projection views), written for speed rather than for people (`tktplz log dump` and the API speak JSON).
///
/// Every value is a length prefix and its content. The prefix is a LEB128 varint of the content's length plus
/// one; a prefix of 0 is `nil` (so `Optional`s inside arrays and single values round-trip).
/// - Integers: zigzag (signed) or plain (unsigned) varints; `Bool` one byte; floating point the IEEE bits, little
///   endian; `String` its UTF-8 bytes.
/// - A keyed container (a struct, an enum case, a `[String: V]`): its entries one after another, each the key's
///   UTF-8 (prefixed like a value) and then the value. Keys are kept so that adding an optional field later still
///   decodes what was stored before, and so that enums can ask which case was stored.
/// - An unkeyed container (an array): its elements one after another.
/// - A single-value container is transparent, as in JSON: a type that encodes one value (an identifier wrapping
///   a string, an `Optional`) is stored exactly as that value, so `singleValueContainer().decode(X.self)` and
///   `X(from: decoder)` read the same bytes.
/// A whole encoded value starts with `magic`, so a reader tells it from a JSON document.
public enum CompactFormat {
    /// The first byte of every encoded value (JSON never starts with it).
    public static let magic: UInt8 = 0xC7

    /// The types whose content is written bare (a varint, bits, UTF-8), whichever container writes them.
    static func isPrimitive<T>(_: T.Type) -> Bool {
        T.self == String.self || T.self == Int.self || T.self == Int64.self || T.self == Bool.self || T.self == UInt64.self
            || T.self == Double.self || T.self == Int32.self || T.self == Int16.self || T.self == Int8.self || T.self == UInt.self
            || T.self == UInt32.self || T.self == UInt16.self || T.self == UInt8.self || T.self == Float.self
    }

    /// Whether `bytes` were written by `CompactEncoder`.
    public static func isCompact(_ bytes: some Collection<UInt8>) -> Bool { bytes.first == magic }
}

/// What was stored does not fit what the decoder asks for, or is cut short.
struct CompactDecodingFailure: Error, CustomStringConvertible {
    var description: String
}
