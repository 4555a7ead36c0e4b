import CZstd
import Foundation
import LMDB

/// Streaming zstd compression into a file, through libzstd's `ZSTD_compressStream2`.
final class ZstdWriter {
    private let context: OpaquePointer
    private let file: FileHandle
    private var output: [UInt8]

    init(file: FileHandle, level: Int32 = 6) throws(EventStoreError) {
        guard let context = ZSTD_createCCtx() else { throw EventStoreError(.archive, "zstd could not allocate a compressor") }
        self.context = context
        self.file = file
        self.output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        try zstdCheck(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level), "setting the level")
        // The frame checksum lets import detect a damaged archive before it reads any record.
        try zstdCheck(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1), "enabling checksums")
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `bytes` (buffered; written as zstd fills blocks).
    func write(_ bytes: UnsafeRawBufferPointer) throws(EventStoreError) {
        try run(bytes, directive: ZSTD_e_continue)
    }

    /// Compresses `bytes`.
    func write(_ bytes: [UInt8]) throws(EventStoreError) {
        try withBytes(bytes) { (raw) throws(EventStoreError) in try write(raw) }
    }

    /// Ends the frame and flushes everything.
    func finish() throws(EventStoreError) {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), directive: ZSTD_e_end)
    }

    private func run(_ bytes: UnsafeRawBufferPointer, directive: ZSTD_EndDirective) throws(EventStoreError) {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            let (remaining, produced) = output.withUnsafeMutableBytes { out -> (Int, Int) in
                var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let result = ZSTD_compressStream2(context, &buffer, &input, directive)
                return (result, buffer.pos)
            }
            try zstdCheck(remaining, "compressing")
            if produced > 0 {
                do {
                    try file.write(contentsOf: output[0..<produced])
                } catch {
                    throw EventStoreError(.io, "writing the archive failed", cause: error)
                }
            }
            let finished = directive == ZSTD_e_end ? remaining == 0 : input.pos == input.size
            if finished { return }
        }
    }
}

/// Streaming zstd decompression from a file, handing out the plain bytes in order.
final class ZstdReader {
    private let context: OpaquePointer
    private let file: FileHandle
    private var compressed = Data()
    private var compressedOffset = 0
    private var plain: [UInt8]
    private var atEndOfFile = false
    private var lastResult = 0

    init(file: FileHandle) throws(EventStoreError) {
        guard let context = ZSTD_createDCtx() else { throw EventStoreError(.archive, "zstd could not allocate a decompressor") }
        self.context = context
        self.file = file
        self.plain = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    }

    deinit { ZSTD_freeDCtx(context) }

    /// The next chunk of plain bytes, or `nil` at the end of the archive.
    func next() throws(EventStoreError) -> ArraySlice<UInt8>? {
        while true {
            if compressedOffset == compressed.count {
                if atEndOfFile {
                    // A frame that ended early (truncated file) leaves zstd expecting more input.
                    if lastResult != 0 { throw EventStoreError(.archive, "the archive is truncated") }
                    return nil
                }
                do {
                    compressed = try file.read(upToCount: 1 << 20) ?? Data()
                } catch {
                    throw EventStoreError(.io, "reading the archive failed", cause: error)
                }
                compressedOffset = 0
                if compressed.isEmpty { atEndOfFile = true }
                continue
            }
            let (result, consumed, produced) = compressed.withUnsafeBytes { source in
                plain.withUnsafeMutableBytes { out -> (Int, Int, Int) in
                    var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: compressedOffset)
                    var output = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    let result = ZSTD_decompressStream(context, &output, &input)
                    return (result, input.pos, output.pos)
                }
            }
            try zstdCheck(result, "decompressing")
            lastResult = result
            compressedOffset = consumed
            if produced > 0 { return plain[0..<produced] }
        }
    }
}

private func zstdCheck(_ code: Int, _ doing: String) throws(EventStoreError) {
    if ZSTD_isError(code) != 0 {
        throw EventStoreError(.archive, "zstd failed \(doing): \(String(cString: ZSTD_getErrorName(code)))")
    }
}
