import ArgumentParser
import CZstd
import EventStore
import Foundation

/// `tktplz bench compression`: is per-record zstd worth it? Compares, on booking-shaped JSON payloads,
/// no compression, per-record zstd, per-record zstd with a trained dictionary, and whole-archive zstd.
struct CompressionBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compression", abstract: "Per-record zstd (with and without a dictionary) vs whole-archive zstd.")

    @Option(help: "Sample payloads.") var records: Int = 50_000
    @Option(help: "zstd level.") var level: Int32 = 3
    @Option(help: "Dictionary size in bytes.") var dictionary: Int = 16_384
    @Option(name: .customLong("data-dir"), help: "Sample the payloads of this data directory's log instead of generated ones.")
    var dataDirectory: String?

    func run() throws {
        let payloads = try dataDirectory.map(Self.payloads(fromLogIn:)) ?? SamplePayloads.make(records)
        guard payloads.count >= 2000 else { throw ValidationError("need at least 2000 payloads, found \(payloads.count)") }
        let records = payloads.count
        let plain = payloads.reduce(0) { $0 + $1.count }
        let source = dataDirectory.map { "payloads from the log in \($0)" } ?? "booking-shaped JSON payloads"
        print("tktplz bench compression: \(records) \(source), average \(plain / records) bytes, zstd level \(level)")

        let training = Array(payloads.prefix(max(1000, records / 5)))
        var dict = [UInt8](repeating: 0, count: dictionary)
        let trainingBytes = training.flatMap { $0 }
        let sizes = training.map { $0.count }
        let dictSize = dict.withUnsafeMutableBytes { out in
            trainingBytes.withUnsafeBytes { samples in
                sizes.withUnsafeBufferPointer { sizes in
                    ZDICT_trainFromBuffer(out.baseAddress, out.count, samples.baseAddress, sizes.baseAddress, UInt32(sizes.count))
                }
            }
        }
        guard ZDICT_isError(dictSize) == 0 else { throw ToolFailure("dictionary training failed") }
        dict.removeLast(dict.count - dictSize)

        let test = Array(payloads.suffix(records - training.count))
        let testPlain = test.reduce(0) { $0 + $1.count }
        let perRecord = try measure(test, dictionary: nil)
        let withDictionary = try measure(test, dictionary: dict)
        let archive = wholeArchive(test)
        print("  per record, no dictionary:   \(ratio(testPlain, perRecord.bytes))  compress \(rate(test.count, perRecord.compress))  "
            + "decompress \(rate(test.count, perRecord.decompress))")
        print("  per record, \(dictSize)-byte dictionary: \(ratio(testPlain, withDictionary.bytes))  compress \(rate(test.count, withDictionary.compress))  "
            + "decompress \(rate(test.count, withDictionary.decompress))")
        print("  whole archive (one stream): \(ratio(testPlain, archive))")
    }

    /// Up to `records` payloads of an existing log, read in place.
    private static func payloads(fromLogIn directory: String) throws -> [[UInt8]] {
        let log = try DataDirectoryOption.parse(["--data-dir", directory]).openLog(readOnly: true)
        defer { log.close() }
        var payloads: [[UInt8]] = []
        try log.scan(from: .start) { record in
            payloads.append(Array(record.payload))
            return payloads.count < 200_000
        }
        return payloads
    }

    private struct Measured {
        var bytes = 0
        var compress = Duration.zero
        var decompress = Duration.zero
    }

    private func measure(_ payloads: [[UInt8]], dictionary: [UInt8]?) throws -> Measured {
        guard let cctx = ZSTD_createCCtx(), let dctx = ZSTD_createDCtx() else { throw ToolFailure("zstd could not allocate its contexts") }
        defer { ZSTD_freeCCtx(cctx); ZSTD_freeDCtx(dctx) }
        var result = Measured()
        var compressed: [[UInt8]] = []
        compressed.reserveCapacity(payloads.count)
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(64 << 10))
        // Digested once, as a store would keep them: passing raw dictionary bytes per call re-digests them.
        let dict = dictionary ?? []
        let cdict = dict.isEmpty ? nil : dict.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, level) }
        let ddict = dict.isEmpty ? nil : dict.withUnsafeBytes { ZSTD_createDDict($0.baseAddress, $0.count) }
        defer { ZSTD_freeCDict(cdict); ZSTD_freeDDict(ddict) }
        let clock = ContinuousClock()
        var start = clock.now
        for payload in payloads {
            let size = out.withUnsafeMutableBytes { dst in
                payload.withUnsafeBytes { src in
                    cdict.map { ZSTD_compress_usingCDict(cctx, dst.baseAddress, dst.count, src.baseAddress, src.count, $0) }
                        ?? ZSTD_compressCCtx(cctx, dst.baseAddress, dst.count, src.baseAddress, src.count, level)
                }
            }
            guard ZSTD_isError(size) == 0 else { throw ToolFailure("compression failed") }
            compressed.append(Array(out.prefix(size)))
            result.bytes += size
        }
        result.compress = clock.now - start
        start = clock.now
        for (index, frame) in compressed.enumerated() {
            let size = out.withUnsafeMutableBytes { dst in
                frame.withUnsafeBytes { src in
                    ddict.map { ZSTD_decompress_usingDDict(dctx, dst.baseAddress, dst.count, src.baseAddress, src.count, $0) }
                        ?? ZSTD_decompressDCtx(dctx, dst.baseAddress, dst.count, src.baseAddress, src.count)
                }
            }
            guard ZSTD_isError(size) == 0, size == payloads[index].count else { throw ToolFailure("a compressed payload did not decompress to itself") }
        }
        result.decompress = clock.now - start
        return result
    }

    private func wholeArchive(_ payloads: [[UInt8]]) -> Int {
        let joined = payloads.flatMap { $0 }
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(joined.count))
        return out.withUnsafeMutableBytes { dst in
            joined.withUnsafeBytes { src in ZSTD_compress(dst.baseAddress, dst.count, src.baseAddress, src.count, level) }
        }
    }

    private func ratio(_ plain: Int, _ compressed: Int) -> String {
        String(format: "%6.1f%% of plain (%.2fx)", 100 * Double(compressed) / Double(plain), Double(plain) / Double(compressed))
    }

    private func rate(_ count: Int, _ duration: Duration) -> String {
        "\(Terminal.grouped(Double(count) / duration.seconds))/s"
    }
}

/// JSON payloads shaped like booking events (holds, orders, payments, check-ins), with random ids, as the
/// domain will write them.
enum SamplePayloads {
    static func make(_ count: Int) -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        let rows = Array("ABCDEFGHJK")
        return (0..<count).map { index in
            let show = UUID.random().uuidString.lowercased()
            let booking = UUID.random().uuidString.lowercased()
            let seats = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                "\"\(rows.randomElement(using: &generator)!)\(Int.random(in: 1...30, using: &generator))\""
            }.joined(separator: ",")
            let at = 1_795_000_000 + index
            let json: String
            switch index % 4 {
            case 0:
                json = #"{"show":"\#(show)","booking":"\#(booking)","seats":[\#(seats)],"expiresAt":\#(at + 600)}"#
            case 1:
                json = #"{"booking":"\#(booking)","order":"order_\#(UUID.random().uuidString.prefix(14))","amount":{"minor":\#(Int.random(in: 10_000...500_000, using: &generator)),"currency":"INR"},"fee":{"minor":3000,"currency":"INR"}}"#
            case 2:
                json = #"{"booking":"\#(booking)","payment":"pay_\#(UUID.random().uuidString.prefix(14))","order":"order_\#(UUID.random().uuidString.prefix(14))","capturedAt":\#(at)}"#
            default:
                json = #"{"ticket":"\#(UUID.random().uuidString.lowercased())","show":"\#(show)","seat":\#(seats.split(separator: ",")[0]),"scannedAt":\#(at),"gate":"G\#(index % 6)"}"#
            }
            return Array(json.utf8)
        }
    }
}
