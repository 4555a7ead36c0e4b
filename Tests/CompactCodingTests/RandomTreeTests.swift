import CompactCoding
import TestSupport
import Testing

/// A value of any shape the format carries, nested at random: keyed, unkeyed and single values, nils, numbers of
/// every width, strings across the lengths where a length prefix grows a byte (127/128, 16383/16384).
indirect enum Tree: Codable, Equatable {
    case text(String)
    case number(Int64)
    case unsigned(UInt64)
    case flag(Bool)
    case nothing(Int?)
    case list([Tree])
    case record([String: Tree])
    case pair(Tree, Tree?)
}

extension Tree {
    static func random(depth: Int, using generator: inout SeededRandom) -> Tree {
        let lengths = [0, 1, 126, 127, 128, 300, 16_383, 16_384]
        switch Int.random(in: 0..<(depth > 0 ? 8 : 5), using: &generator) {
        case 0: return .text(String(repeating: "é", count: lengths.randomElement(using: &generator)! / 2))
        case 1: return .number(Int64.random(in: .min ... .max, using: &generator) >> UInt64.random(in: 0..<64, using: &generator))
        case 2: return .unsigned(UInt64.random(in: 0 ... .max, using: &generator) >> UInt64.random(in: 0..<64, using: &generator))
        case 3: return .flag(Bool.random(using: &generator))
        case 4: return .nothing(Bool.random(using: &generator) ? nil : Int.random(in: -1000...1000, using: &generator))
        case 5: return .list((0..<Int.random(in: 0..<5, using: &generator)).map { _ in random(depth: depth - 1, using: &generator) })
        case 6:
            var fields: [String: Tree] = [:]
            for index in 0..<Int.random(in: 0..<5, using: &generator) { fields["f\(index)"] = random(depth: depth - 1, using: &generator) }
            return .record(fields)
        default:
            return .pair(random(depth: depth - 1, using: &generator), Bool.random(using: &generator) ? nil : random(depth: depth - 1, using: &generator))
        }
    }
}

@Suite struct CompactRandomTreeTests {
    @Test(arguments: 0..<300)
    func aRandomTreeReadsBackEqualAndAlwaysAsTheSameBytes(seed: UInt64) throws {
        var generator = SeededRandom(seed: seed)
        let tree = Tree.random(depth: 4, using: &generator)
        let bytes = try CompactEncoder().encode(tree)
        #expect(try CompactDecoder().decode(Tree.self, from: bytes) == tree, "seed \(seed)")
        #expect(try CompactEncoder().encode(tree) == bytes, "seed \(seed)")
    }
}
