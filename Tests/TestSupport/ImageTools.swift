public import Foundation

/// Debian's image tools, run as a person would check a ticket: `zbarimg` scans QR codes from an image, `pdftoppm`
/// prints a PDF to images (scripts/install-packages.sh installs both).
public enum ImageTools {
    /// The texts of every QR code `zbarimg` finds in the image at `path`.
    public static func scanQRCodes(in path: URL) throws -> [String] {
        let output = try run("/usr/bin/zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", path.path], allowing: [0, 4])
        return output.split(separator: "\n").map(String.init)
    }

    /// Renders the PDF at `path` to one PNG per page (at `dpi`) in `directory`; returns the pages in order.
    public static func renderPDF(_ path: URL, into directory: URL, dpi: Int = 150) throws -> [URL] {
        let prefix = directory.appendingPathComponent("page")
        _ = try run("/usr/bin/pdftoppm", ["-png", "-r", "\(dpi)", path.path, prefix.path], allowing: [0])
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("page") && $0.pathExtension == "png" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The text `pdftotext` reads from the PDF at `path`.
    public static func text(ofPDF path: URL) throws -> String {
        try run("/usr/bin/pdftotext", ["-layout", path.path, "-"], allowing: [0])
    }

    private static func run(_ tool: String, _ arguments: [String], allowing codes: Set<Int32>) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard codes.contains(process.terminationStatus) else { throw ToolFailed(tool: tool, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    struct ToolFailed: Error, CustomStringConvertible {
        let tool: String
        let status: Int32
        var description: String { "\(tool) exited with \(status)" }
    }
}
