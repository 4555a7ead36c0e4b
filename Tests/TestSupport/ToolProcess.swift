public import Foundation

/// The `tktplz` executable built beside the tests (scripts/test.sh builds it first), run as a child process.
public enum ToolProcess {
    /// Where the built `tktplz` is: `TKTPLZ_BIN`, else next to the test bundle, else `.build/debug`.
    public static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["TKTPLZ_BIN"] { return URL(fileURLWithPath: path) }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tktplz")
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [besideTests, packageRoot.appendingPathComponent(".build/debug/tktplz")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ToolMissing(searched: candidates.map(\.path))
        }
        return found
    }

    struct ToolMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "tktplz is not built (run `swift build` or scripts/test.sh); looked in \(searched)" }
    }

    /// Runs `tktplz` (or another `executable`, such as a Python script's interpreter) with `arguments` to its end:
    /// its exit status, standard output and standard error.
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, executable: URL? = nil
    ) async throws -> (status: Int32, output: String, errors: String) {
        // Not Foundation's Process: its run() crashes now and then on this toolchain (`SpawnedChild`).
        let child = try SpawnedChild(try executable ?? binary(), arguments, environment: environment)
        return await onThread {
            // Both pipes are drained before waiting, so a chatty child never blocks on a full pipe.
            let group = DispatchGroup()
            nonisolated(unsafe) var errorText = ""
            group.enter()
            Thread {
                errorText = String(decoding: child.errors.readDataToEndOfFile(), as: UTF8.self)
                group.leave()
            }.start()
            let outputText = String(decoding: child.output.readDataToEndOfFile(), as: UTF8.self)
            group.wait()
            return (child.wait(), outputText, errorText)
        }
    }

    /// Runs blocking work on its own thread, so pipe reads never hold a cooperative-pool thread.
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}

/// Splits a child's output into complete lines as it arrives.
public final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var pending = Data()

    public init(_ handle: FileHandle) { self.handle = handle }

    /// The complete lines in the next chunk of output; `nil` at end of file.
    public func nextLines() -> [String]? {
        let chunk = handle.availableData
        if chunk.isEmpty { return nil }
        pending.append(chunk)
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = pending[pending.startIndex...lastNewline]
        pending = Data(pending[(lastNewline + 1)...])
        return String(decoding: complete, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
