import Crypto
public import EventStore
public import Foundation

/// Images people attach (a support issue's screenshot), stored by content: the file's name is the SHA-256 of its
/// bytes with the extension of its sniffed type, so the same image is kept once and a name never changes meaning
/// (which is what lets it be cached for good). The type comes from the bytes, never from what the client claims.
public struct ImageStore: Sendable {
    /// Where images are kept: `images/<name>` in the shared files, so every node serves what one took.
    public let storage: any SharedStorage
    /// The largest attachment taken (a support issue's screenshot).
    public static let maximumBytes = 2 << 20
    /// The largest poster taken.
    public static let posterBytes = 5 << 20

    public init(storage: any SharedStorage) { self.storage = storage }

    public enum Kind: String, Sendable {
        case png, jpeg, webp
        public var contentType: String { "image/\(rawValue)" }
    }

    /// PNG, JPEG or WebP by their magic numbers; anything else is `nil`.
    public static func sniff(_ bytes: Data) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 12, bytes.prefix(4).elementsEqual(Array("RIFF".utf8)), bytes.dropFirst(8).prefix(4).elementsEqual(Array("WEBP".utf8)) { return .webp }
        return nil
    }

    /// Stores `bytes` and returns its name (`<sha256>.<ext>`).
    public func store(_ bytes: Data, limit: Int = Self.maximumBytes) async throws(AppFailure) -> String {
        guard bytes.count <= limit else { throw .imageTooLarge(limitBytes: limit) }
        guard let kind = Self.sniff(bytes) else { throw .unsupportedImage }
        let name = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "." + kind.rawValue
        do {
            _ = try await storage.store(bytes, as: SharedFileName(folder: "images", file: name))
        } catch {
            throw .imageNotStored
        }
        return name
    }

    /// The bytes and type of a stored image, or `nil` for a name that is not one; `.storeUnavailable` when the
    /// shared files cannot be read.
    public func load(_ name: String) async throws(AppFailure) -> (Data, Kind)? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), let kind = Kind(rawValue: String(parts[1])),
              let file = try? SharedFileName(folder: "images", file: name)
        else { return nil }
        do {
            return try await storage.load(file).map { ($0, kind) }
        } catch {
            throw .storeUnavailable
        }
    }
}
