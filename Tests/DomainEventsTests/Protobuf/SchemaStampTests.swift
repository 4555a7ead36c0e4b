import Crypto
import Foundation
import Testing

/// The generated code is never stale: `schema/GENERATED.sha256` (written by `scripts/generate-schema.sh` in
/// `sha256sum` format) names every `.proto`, every generated Swift file and the descriptor set with their hashes,
/// and they all still match. A `.proto` edited without regenerating, a generated file edited by hand, or a
/// schema file added without generating fails here, without protoc on the machine.
@Suite("Event schema: committed code generated from the committed schema")
struct SchemaStampTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func stamped() throws -> [String: String] {
        let text = try String(contentsOf: root.appendingPathComponent("schema/GENERATED.sha256"), encoding: .utf8)
        var hashes: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            try #require(parts.count == 2)
            hashes[parts[1].trimmingCharacters(in: .whitespaces)] = parts[0]
        }
        return hashes
    }

    static func files(in folder: String, ending suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(suffix) }.map { "\(folder)/\($0)" }
    }

    @Test func everySchemaAndGeneratedFileMatchesItsStampedHash() throws {
        let stamped = try Self.stamped()
        let present = try Self.files(in: "schema/tktplz/events/v1", ending: ".proto")
            + Self.files(in: "Sources/EventSchema/Generated", ending: ".pb.swift") + ["schema/tktplz-events-v1.desc"]
        #expect(Set(present) == Set(stamped.keys), "every schema and generated file is stamped, and only those")
        for path in present {
            let data = try Data(contentsOf: Self.root.appendingPathComponent(path))
            let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            #expect(stamped[path] == hash, "\(path) changed since scripts/generate-schema.sh ran")
        }
        #expect(present.filter { $0.hasSuffix(".proto") }.count == 18)
    }
}
