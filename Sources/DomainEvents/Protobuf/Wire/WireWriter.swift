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
        let length = UInt64(bytes.count - start)
        if length < 0x80 {
            bytes.insert(UInt8(length), at: start)
        } else {
            var prefix = WireWriter(capacity: 10)
            prefix.varint(length)
            bytes.insert(contentsOf: prefix.bytes, at: start)
        }
    }
}

/// common.proto's values with proto3's rules, as the generated code writes them: a hold's records must be byte for
/// byte what the generated messages write (WireEncodingTests), and the binary views use the same writers.
extension WireWriter {
    /// A proto3 `int64` field: left out at 0.
    mutating func scalar(_ number: Int, _ value: Int64) {
        if value != 0 { int64(number, value) }
    }

    /// A proto3 `string` field: left out when empty.
    mutating func text(_ number: Int, _ value: String) {
        if !value.isEmpty { string(number, value) }
    }

    /// A proto3 `bool` field: left out when false.
    mutating func flag(_ number: Int, _ value: Bool) {
        if value { bool(number, true) }
    }

    /// `Money` as common.proto has it, a set message field (proto3: a zero amount left out).
    public mutating func money(_ number: Int, _ money: Money) {
        message(number) { w in
            w.scalar(1, money.minor)
            w.text(2, money.currency.rawValue)
        }
    }

    /// `PriceBreakdown` as common.proto has it, a set message field.
    public mutating func price(_ number: Int, _ price: PriceBreakdown) {
        message(number) { w in
            for line in price.lines {
                w.message(1) { l in
                    l.text(1, line.item)
                    l.money(2, line.unitPrice)
                    l.scalar(3, Int64(line.quantity))
                    l.money(4, line.feePerTicket)
                }
            }
            w.money(2, price.base)
            w.money(3, price.fees)
            w.money(4, price.tax)
            w.money(5, price.total)
        }
    }

    /// `Items` as common.proto has it, a set message field: its oneof set to a seat list or to ticket counts, sorted
    /// as the generated mapping sorts them.
    public mutating func items(_ number: Int, _ items: Items) {
        message(number) { w in
            switch items {
            case .seats(let seats):
                w.message(1) { list in for seat in seats.map(\.rawValue).sorted() { list.string(1, seat) } }
            case .tickets(let counts):
                w.message(2) { list in
                    for (category, count) in counts.sorted(by: { $0.key < $1.key }) {
                        list.message(1) { entry in
                            entry.text(1, category.rawValue)
                            entry.scalar(2, Int64(count))
                        }
                    }
                }
            }
        }
    }
}
