import Domain
import Hummingbird

/// Ids named by a request (in its path or body) are checked at the edge, before they reach a stream name or a
/// view key: empty, over-long or control-character ids are a 400 naming the field, never a 500 from the log.
enum RequestIDs {
    /// The longest id a request may name, in UTF-8 bytes: well above any id the server makes (a prefixed UUID is
    /// 45) and below the log's 200-byte stream-name limit with the longest category in front.
    static let maxLength = 128

    /// `raw`, if it can name something.
    static func validated(_ raw: String, field: String) throws(APIError) -> String {
        let bytes = raw.utf8
        if bytes.isEmpty { throw APIError.invalidId("field \(field) is empty") }
        if bytes.count > maxLength {
            throw APIError.invalidId("field \(field) is \(bytes.count) bytes long; an id has at most \(maxLength)")
        }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw APIError.invalidId("field \(field) contains a control character")
        }
        return raw
    }

    /// Each of `raws`, validated, refusing a duplicate by name (`["J1","J1"]` is a mistake, not one seat).
    static func distinct(_ raws: [String], field: String) throws(APIError) -> [String] {
        var seen = Set<String>()
        for (index, raw) in raws.enumerated() {
            _ = try validated(raw, field: "\(field)[\(index)]")
            guard seen.insert(raw).inserted else {
                throw APIError.duplicate("field \(field) names \(raw) twice")
            }
        }
        return raws
    }
}

extension Identifier {
    /// An id named by a request's field, validated (`RequestIDs`).
    init(field: String, _ raw: String) throws(APIError) {
        self.init(try RequestIDs.validated(raw, field: field))
    }
}

extension Parameters {
    /// A path parameter that names an id, validated (`RequestIDs`); 400 when absent.
    func id(_ name: String) throws(APIError) -> String {
        guard let raw = self.get(name) else { throw APIError.invalidId("path parameter \(name) is missing") }
        return try RequestIDs.validated(raw, field: name)
    }
}
