extension QRCode {
    /// The code as a standalone SVG: one path of dark runs on a white square with the quiet zone, scaled by the
    /// viewer (`shape-rendering: crispEdges` keeps module edges sharp at any size).
    public func svg() -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        path.reserveCapacity(size * size * 3)
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                // A horizontal run of dark modules is one rectangle: the path stays a fraction of one per module.
                let start = column
                while column < size && isDark(row: row, column: column) { column += 1 }
                path += "M\(start + Self.quietZone) \(row + Self.quietZone)h\(column - start)v1h-\(column - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
