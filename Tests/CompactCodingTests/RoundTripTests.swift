import CompactCoding
import Testing

/// Shapes the stored views and events have: nested structs, optionals, enums with and without associated values,
/// dictionaries with string and non-string keys, arrays of optionals, wrapped identifiers.
struct Seat: Codable, Equatable, Hashable {
    var row: String
    var number: Int
}

struct Wrapped: Codable, Equatable, Hashable {
    var rawValue: String
    init(_ rawValue: String) { self.rawValue = rawValue }
    init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A key type that dictionaries encode by its string, as the domain's identifiers do.
struct Named: Codable, Hashable, Comparable, CodingKeyRepresentable {
    struct Key: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
    var name: String
    init(_ name: String) { self.name = name }
    var codingKey: any CodingKey { Key(stringValue: name) }
    init?<T: CodingKey>(codingKey: T) { name = codingKey.stringValue }
    static func < (a: Self, b: Self) -> Bool { a.name < b.name }
}

enum State: Codable, Equatable {
    case free
    case held(by: Wrapped, until: Int64)
    case sold(Seat, price: UInt64?)
}

struct Everything: Codable, Equatable {
    var text: String
    var empty: String
    var unicode: String
    var long: String
    var small: Int8
    var negative: Int
    var extremes: [Int64]
    var unsigned: UInt64
    var ratio: Double
    var flag: Bool
    var missing: Int?
    var present: Int?
    var states: [State]
    var optionals: [Seat?]
    var byName: [String: Int]
    var bySeat: [Seat: Wrapped]
    var nested: [[Wrapped]]
    var ids: Set<Wrapped>
}

@Suite struct CompactRoundTripTests {
    let sample = Everything(
        text: "hall", empty: "", unicode: "Zuschauerraum – 座席 ✓", long: String(repeating: "x", count: 300),
        small: -128, negative: -42, extremes: [.min, .max, 0, -1], unsigned: .max, ratio: -0.125, flag: true,
        missing: nil, present: 0,
        states: [.free, .held(by: Wrapped("booking-1"), until: 1_900_000_000_000), .sold(Seat(row: "A", number: 1), price: nil),
                 .sold(Seat(row: "B", number: 2), price: 30_000)],
        optionals: [nil, Seat(row: "C", number: 3), nil],
        byName: ["a": 1, "b": -2], bySeat: [Seat(row: "D", number: 4): Wrapped("w")],
        nested: [[], [Wrapped("one"), Wrapped(String(repeating: "y", count: 200))]], ids: [Wrapped("p"), Wrapped("q")])

    @Test func everyShapeReadsBackEqual() throws {
        let bytes = try CompactEncoder().encode(sample)
        #expect(try CompactDecoder().decode(Everything.self, from: bytes) == sample)
    }

    @Test func theSameValueIsAlwaysTheSameBytes() throws {
        // Views are compared byte for byte (a rebuilt projection against the live one).
        let once = try CompactEncoder().encode(sample.states)
        let again = try CompactEncoder().encode(sample.states)
        #expect(once == again)
    }

    @Test func equalDictionariesAreTheSameBytesHoweverTheyWereBuilt() throws {
        var upwards: [String: Int] = [:]
        for number in 0..<500 { upwards["k\(number)"] = number }
        var downwards: [String: Int] = Dictionary(minimumCapacity: 4096)
        for number in (0..<600).reversed() { downwards["k\(number)"] = number }
        for number in 500..<600 { downwards["k\(number)"] = nil }
        #expect(upwards == downwards)
        // What makes the test worth having: the two hash orders differ (different capacities).
        #expect(Array(upwards.keys) != Array(downwards.keys))
        #expect(try CompactEncoder().encode(upwards) == CompactEncoder().encode(downwards))
        let byKey = Dictionary(uniqueKeysWithValues: (0..<300).map { (Named("n\($0)"), $0) })
        let byKeyAgain = Dictionary(uniqueKeysWithValues: (0..<300).reversed().map { (Named("n\($0)"), $0) })
        #expect(try CompactEncoder().encode(byKey) == CompactEncoder().encode(byKeyAgain))
        #expect(try CompactDecoder().decode([Named: Int].self, from: CompactEncoder().encode(byKey)) == byKey)
        let byNumber = [3: "c", 1: "a", 2: "b"]
        #expect(try CompactDecoder().decode([Int: String].self, from: CompactEncoder().encode(byNumber)) == byNumber)
    }

    @Test func aSingleValueIsStoredAsTheValueItWraps() throws {
        // As in JSON: a box that reads its payload through a single-value container sees the payload itself.
        struct Box<T: Decodable>: Decodable {
            var value: T
            init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(T.self) }
        }
        #expect(try CompactEncoder().encode(Wrapped("x")) == CompactEncoder().encode("x"))
        #expect(try CompactDecoder().decode(Wrapped.self, from: CompactEncoder().encode("x")) == Wrapped("x"))
        #expect(try CompactDecoder().decode(Box<Seat>.self, from: CompactEncoder().encode(Seat(row: "A", number: 1))).value == Seat(row: "A", number: 1))
        #expect(try CompactDecoder().decode(Box<Wrapped>.self, from: CompactEncoder().encode(Wrapped("y"))).value == Wrapped("y"))
        #expect(try CompactDecoder().decode(Box<String>.self, from: CompactEncoder().encode("z")).value == "z")
    }

    @Test func nilsReadBackWhereverTheyAre() throws {
        let none: Int? = nil
        #expect(try CompactDecoder().decode(Int?.self, from: CompactEncoder().encode(none)) == nil)
        #expect(try CompactDecoder().decode(Int?.self, from: CompactEncoder().encode(Optional(7))) == 7)
        let wrapped: [Wrapped?] = [nil, Wrapped("a"), nil]
        #expect(try CompactDecoder().decode([Wrapped?].self, from: CompactEncoder().encode(wrapped)) == wrapped)
        #expect(throws: DecodingError.self) { try CompactDecoder().decode(Int.self, from: CompactEncoder().encode(none)) }
    }

    @Test func encodedValuesAreMarkedAndSmallerThanTheirJSONKeys() throws {
        let bytes = try CompactEncoder().encode(Seat(row: "A", number: 12))
        #expect(CompactFormat.isCompact(bytes))
        #expect(!CompactFormat.isCompact(Array(#"{"row":"A","number":12}"#.utf8)))
        // magic, prefix, ("row", "A"), ("number", 12): 1 + 1 + (4 + 2) + (7 + 2)
        #expect(bytes.count == 17)
    }

    @Test func aFieldAddedLaterDecodesWhatWasStoredBefore() throws {
        struct Before: Codable { var row: String }
        struct After: Codable, Equatable { var row: String; var number: Int? }
        let bytes = try CompactEncoder().encode(Before(row: "A"))
        #expect(try CompactDecoder().decode(After.self, from: bytes) == After(row: "A", number: nil))
    }

    @Test func aMissingFieldIsNamed() throws {
        struct Other: Codable { var name: String }
        let bytes = try CompactEncoder().encode(Seat(row: "A", number: 1))
        #expect {
            try CompactDecoder().decode(Other.self, from: bytes)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "name"
        }
    }

    @Test func everyTruncationThrowsInsteadOfReadingPastTheEnd() throws {
        let bytes = try CompactEncoder().encode(sample)
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try CompactDecoder().decode(Everything.self, from: Array(bytes[0..<length])) }
        }
    }

    @Test func aLengthBeyondAnythingStoredIsRefused() throws {
        // magic, then a ten-byte varint of 2^64 - 1: far more than an Int holds.
        let bytes: [UInt8] = [CompactFormat.magic] + Array(repeating: 0xFF, count: 9) + [0x01]
        #expect(throws: DecodingError.self) { try CompactDecoder().decode(String.self, from: bytes) }
    }

    @Test func aNumberTooBigForItsTypeIsRefused() throws {
        let bytes = try CompactEncoder().encode([300])
        #expect(throws: DecodingError.self) { try CompactDecoder().decode([Int8].self, from: bytes) }
    }

    @Test func userInfoReachesTheConformance() throws {
        struct Typed: Decodable {
            static let key = CodingUserInfoKey(rawValue: "type")!
            var type: String
            init(from decoder: any Decoder) throws { type = decoder.userInfo[Self.key] as? String ?? "" }
        }
        var decoder = CompactDecoder()
        decoder.userInfo[Typed.key] = "ItemsHeld"
        #expect(try decoder.decode(Typed.self, from: CompactEncoder().encode(Seat(row: "A", number: 1))).type == "ItemsHeld")
    }

    @Test func aContainerWrittenAfterItsParentMovedOnIsRefused() throws {
        // Containers stream into one buffer; writing to one that is done would corrupt what follows it.
        struct Misused: Encodable {
            enum Keys: String, CodingKey { case first, second }
            func encode(to encoder: any Encoder) throws {
                var outer = encoder.container(keyedBy: Keys.self)
                var first = outer.nestedContainer(keyedBy: Keys.self, forKey: .first)
                var second = outer.nestedUnkeyedContainer(forKey: .second)
                try second.encode(1)
                try first.encode(2, forKey: .second)
            }
        }
        #expect(throws: EncodingError.self) { try CompactEncoder().encode(Misused()) }
    }
}
