import CCairo

extension QRCode {
    /// The code as a PNG, `pixelsPerModule` pixels to a module, quiet zone included.
    public func png(pixelsPerModule: Int = 8) throws(RenderingError) -> [UInt8] {
        let side = Int32((size + 2 * Self.quietZone) * pixelsPerModule)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side) else { throw RenderingError(CAIRO_STATUS_NO_MEMORY) }
        defer { cairo_surface_destroy(surface) }
        guard let cairo = cairo_create(surface) else { throw RenderingError(CAIRO_STATUS_NO_MEMORY) }
        // Whole pixels per module: no antialiasing, so every module edge is sharp.
        cairo_set_antialias(cairo, CAIRO_ANTIALIAS_NONE)
        draw(self, on: cairo, x: 0, y: 0, module: Double(pixelsPerModule))
        cairo_destroy(cairo)
        let output = CairoOutput()
        let status = withExtendedLifetime(output) { cairo_surface_write_to_png_stream(surface, CairoOutput.write, output.context) }
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderingError(status) }
        return output.bytes
    }
}
