import CCairo

/// An A4 PDF drawn with cairo: the surface, the context and the checks around whatever draws the pages (tickets,
/// payout receipts). `draw` ends each page with `cairo_show_page`.
enum A4PDF {
    /// A4 in PostScript points.
    static let width = 595.0
    static let height = 842.0

    static func render(_ draw: (OpaquePointer) throws -> Void) throws -> [UInt8] {
        let output = CairoOutput()
        try withExtendedLifetime(output) {
            guard let surface = cairo_pdf_surface_create_for_stream(CairoOutput.write, output.context, width, height) else {
                throw RenderingError(CAIRO_STATUS_NO_MEMORY)
            }
            defer { cairo_surface_destroy(surface) }
            guard let cairo = cairo_create(surface) else { throw RenderingError(CAIRO_STATUS_NO_MEMORY) }
            defer { cairo_destroy(cairo) }
            try draw(cairo)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else { throw RenderingError(status) }
        }
        return output.bytes
    }

    /// Text at `x`, `y` (the baseline) in the current font at `size` points.
    static func text(_ cairo: OpaquePointer, _ string: String, x: Double, y: Double, size: Double) {
        cairo_set_font_size(cairo, size)
        cairo_move_to(cairo, x, y)
        cairo_show_text(cairo, string)
    }

    /// DejaVu Sans (installed with the fonts the set-up command adds), bold or regular.
    static func font(_ cairo: OpaquePointer, bold: Bool) {
        cairo_select_font_face(cairo, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
    }
}
