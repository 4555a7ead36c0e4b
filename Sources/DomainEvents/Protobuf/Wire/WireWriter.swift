public import Domain

/// Writes protobuf's binary wire format by hand, for values written far more often than anything else (a rebuild
/// writes every booking's summary view once): fields in the order they are written, nested messages length-prefixed.
public struct WireWriter {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// One raw byte (a format marker).
    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    private mutating func tag(_ number: Int, _ wireType: Int) { varint(UInt64(number << 3 | wireType)) }

    public mutating func int64(_ number: Int, _ value: Int64) {
        tag(number, 0)
        varint(UInt64(bitPattern: value))
    }

    public mutating func int(_ number: Int, _ value: Int) { int64(number, Int64(value)) }

    public mutating func bool(_ number: Int, _ value: Bool) {
        tag(number, 0)
        bytes.append(value ? 1 : 0)
    }

    public mutating func string(_ number: Int, _ value: String) {
        tag(number, 2)
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A nested message, written by `body` in place, then its length put in front of it: the length is a varint of
    /// unknown size until the body is written, and moving the body by a byte or two is cheaper than writing it into
    /// a buffer of its own and copying that (an allocation per nested message: a `BookingStarted` has a dozen).
    public mutating func message(_ number: Int, _ body: (inout WireWriter) -> Void) {
        tag(number, 2)
        let start = bytes.count
        body(&self)
        var length = UInt64(bytes.count - start)
        if length < 0x80 {
            bytes.insert(UInt8(length), at: start)
            return
        }
        var prefix: [UInt8] = []
        while length >= 0x80 {
            prefix.append(UInt8(truncatingIfNeeded: length) | 0x80)
            length >>= 7
        }
        prefix.append(UInt8(length))
        bytes.insert(contentsOf: prefix, at: start)
    }
}

extension WireWriter {
    /// `Money` as common.proto has it.
    public mutating func money(_ number: Int, _ money: Money) {
        message(number) { w in
            w.int64(1, money.minor)
            w.string(2, money.currency.rawValue)
        }
    }

    /// `PriceBreakdown` as common.proto has it.
    public mutating func price(_ number: Int, _ price: PriceBreakdown) {
        message(number) { w in
            for line in price.lines {
                w.message(1) { l in
                    l.string(1, line.item)
                    l.money(2, line.unitPrice)
                    l.int(3, line.quantity)
                    l.money(4, line.feePerTicket)
                }
            }
            w.money(2, price.base)
            w.money(3, price.fees)
            w.money(4, price.tax)
            w.money(5, price.total)
        }
    }
}
