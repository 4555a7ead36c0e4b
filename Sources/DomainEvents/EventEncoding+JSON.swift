import CompactCoding
public import EventStore
public import Foundation
import Domain

extension EventEncoding {
    /// The payload of `record` as JSON, for people (`tktplz log dump`): as stored if it was written as JSON, else
    /// decoded with its category's codec and encoded again as the JSON of the domain's Codable shape, keys sorted.
    /// Throws for a payload that does not decode, or a binary payload of a category no codec knows.
    public static func jsonPayload(of record: RecordedEvent) throws(EncodingFailure) -> Data {
        guard CompactFormat.isCompact(record.payload) || ProtobufFormat.isProtobuf(record.payload) else { return record.payload }
        guard let codec = CategoryCodec.byCategory[record.stream.category] else {
            throw EncodingFailure(type: record.type, cause: UnknownCategory(category: record.stream.category))
        }
        do {
            return try codec.json(record, json)
        } catch {
            throw EncodingFailure(type: record.type, cause: error)
        }
    }

    private static let json: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// A binary payload whose category or type no codec knows.
struct UnknownCategory: Error, CustomStringConvertible {
    var category: String
    var description: String { "no codec knows \(category)" }
}
