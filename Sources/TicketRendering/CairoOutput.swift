import CCairo

/// Collects what cairo writes to a stream (a PNG or a PDF) into bytes.
final class CairoOutput {
    private(set) var bytes: [UInt8] = []

    /// The write callback cairo calls; `closure` is an unretained `CairoOutput`.
    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let output = Unmanaged<CairoOutput>.fromOpaque(closure).takeUnretainedValue()
        output.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    /// The pointer to hand cairo; valid while `self` is alive.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// Cairo reported a failure.
public struct RenderingError: Error, CustomStringConvertible {
    public let message: String
    init(_ status: cairo_status_t) { message = String(cString: cairo_status_to_string(status)) }
    public var description: String { "rendering failed: \(message)" }
}

/// Draws the dark modules of `code` with the top-left of the quiet zone at `x`, `y`, `module` units per module.
func draw(_ code: QRCode, on cairo: OpaquePointer, x: Double, y: Double, module: Double) {
    let side = Double(code.size + 2 * QRCode.quietZone) * module
    cairo_set_source_rgb(cairo, 1, 1, 1)
    cairo_rectangle(cairo, x, y, side, side)
    cairo_fill(cairo)
    cairo_set_source_rgb(cairo, 0, 0, 0)
    for row in 0..<code.size {
        for column in 0..<code.size where code.isDark(row: row, column: column) {
            cairo_rectangle(cairo, x + Double(column + QRCode.quietZone) * module, y + Double(row + QRCode.quietZone) * module, module, module)
        }
    }
    cairo_fill(cairo)
}
