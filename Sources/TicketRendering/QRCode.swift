import CQREncode

/// A QR code's modules, encoded by libqrencode (error correction M: a scuffed phone screen still scans).
public struct QRCode: Sendable, Equatable {
    /// Modules per side.
    public let size: Int
    /// Row by row, `true` for a dark module.
    public let modules: [Bool]

    /// Encodes `text` as 8-bit data; fails only for text longer than a QR code holds.
    public init(_ text: String) throws(QRCodeError) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { throw QRCodeError(length: text.utf8.count) }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        self.size = size
        // libqrencode marks a dark module in the lowest bit of each byte; the other bits describe its role.
        modules = (0..<size * size).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// Whether the module at `row`, `column` is dark.
    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// The light margin around the code that scanners need, in modules.
    public static let quietZone = 4
}

/// The text does not fit in a QR code.
public struct QRCodeError: Error, CustomStringConvertible {
    public let length: Int
    public var description: String { "\(length) bytes do not fit in a QR code" }
}
