import Foundation

/// A frame's JSON text, with sorted keys so the same message is always the same bytes.
enum FrameText {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func of(_ value: some Encodable) -> String {
        // Frames hold only strings and integers, which always encode; a failure here is a programming error.
        String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
