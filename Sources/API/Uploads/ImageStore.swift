import Crypto
import Foundation
import Hummingbird

/// Images people attach (a support issue's screenshot), stored by content: the file's name is the SHA-256 of its
/// bytes with the extension of its sniffed type, so the same image is kept once and a name never changes meaning
/// (which is what lets it be cached for good). The type comes from the bytes, never from what the client claims.
struct ImageStore: Sendable {
    let directory: URL
    /// The largest attachment taken (a support issue's screenshot).
    static let maximumBytes = 2 << 20
    /// The largest poster taken.
    static let posterBytes = 5 << 20

    enum Kind: String {
        case png, jpeg, webp
        var contentType: String { "image/\(rawValue)" }
    }

    /// PNG, JPEG or WebP by their magic numbers; anything else is `nil`.
    static func sniff(_ bytes: Data) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 12, bytes.prefix(4).elementsEqual(Array("RIFF".utf8)), bytes.dropFirst(8).prefix(4).elementsEqual(Array("WEBP".utf8)) { return .webp }
        return nil
    }

    /// Stores `bytes` and returns its name (`<sha256>.<ext>`).
    func store(_ bytes: Data, limit: Int = Self.maximumBytes) throws -> String {
        guard bytes.count <= limit else {
            throw APIError.imageTooLarge("the image is larger than \(limit >> 20) MiB")
        }
        guard let kind = Self.sniff(bytes) else {
            throw APIError.unsupportedImage("the image must be a PNG, JPEG or WebP image")
        }
        let name = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "." + kind.rawValue
        let file = directory.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: file.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try bytes.write(to: file, options: .atomic)
            } catch {
                throw APIError.storeUnavailable("the image could not be stored; try again")
            }
        }
        return name
    }

    /// The bytes and type of a stored image, or `nil` for a name that is not one.
    func load(_ name: String) -> (Data, Kind)? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), let kind = Kind(rawValue: String(parts[1])),
              let bytes = try? Data(contentsOf: directory.appendingPathComponent(name))
        else { return nil }
        return (bytes, kind)
    }
}
