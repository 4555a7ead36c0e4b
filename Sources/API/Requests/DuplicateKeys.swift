import Foundation

/// Finds a key given twice in one JSON object. JSON leaves such a body's meaning open (Foundation keeps one of the
/// values, other parsers the other), so a body that says two things about one field is refused rather than read
/// one way here and another way by whoever reads it next (a proxy, a log reader, an auditor).
enum DuplicateKeys {
    private enum Container {
        case object(keys: Set<String>, expectingKey: Bool, path: String)
        case array(path: String)

        var path: String {
            switch self {
            case .object(_, _, let path), .array(let path): path
            }
        }
    }

    /// The first duplicated key, as a dotted path (`tickets.gold`), or `nil`. `bytes` must be valid JSON.
    static func first(in body: some Collection<UInt8>) -> String? {
        let bytes = Array(body)
        var stack: [Container] = []
        var lastKey = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(keys: [], expectingKey: true, path: childPath(stack, lastKey)))
            case UInt8(ascii: "["):
                stack.append(.array(path: childPath(stack, lastKey)))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if case .object(let keys, _, let path)? = stack.last { stack[stack.count - 1] = .object(keys: keys, expectingKey: true, path: path) }
            case UInt8(ascii: "\""):
                let (text, end) = string(in: bytes, from: index)
                index = end
                if case .object(var keys, true, let path)? = stack.last {
                    let key = decoded(text)
                    if !keys.insert(key).inserted { return path.isEmpty ? key : "\(path).\(key)" }
                    stack[stack.count - 1] = .object(keys: keys, expectingKey: false, path: path)
                    lastKey = key
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    private static func childPath(_ stack: [Container], _ key: String) -> String {
        guard let parent = stack.last else { return "" }
        let name: String = if case .array = parent { "[]" } else { key }
        return parent.path.isEmpty ? name : "\(parent.path).\(name)"
    }

    /// The raw bytes of the string starting at the quote at `start`, and the index of its closing quote (the last
    /// index when it has none, which valid JSON never lacks).
    private static func string(in bytes: [UInt8], from start: Int) -> ([UInt8], Int) {
        var text: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                text.append(byte)
                index += 1
                if index < bytes.count { text.append(bytes[index]) }
            } else if byte == UInt8(ascii: "\"") {
                return (text, index)
            } else {
                text.append(byte)
            }
            index += 1
        }
        return (text, bytes.count - 1)
    }

    /// A key as the decoder reads it (escapes resolved, so `"\u0061"` and `"a"` are the same key).
    private static func decoded(_ raw: [UInt8]) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        let quoted = Data([UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")])
        return (try? JSONDecoder().decode(String.self, from: quoted)) ?? String(decoding: raw, as: UTF8.self)
    }
}
