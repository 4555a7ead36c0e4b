import API
import Foundation
import Testing
import TestSupport

/// schemathesis (from PyPI, installed into `.build-venv` by `scripts/install-packages.sh --test`) generates requests
/// from `/openapi.json` (examples, boundary values, then random ones) and checks every answer against the document:
/// no 5xx, no undocumented status, content type, headers or body shape, and a method a path does not document
/// answered 405 with a correct `Allow`. Run against the real binary, anonymous and
/// as a signed-in customer, with a fixed seed so a failure replays.
@Suite("Contract: schemathesis against /openapi.json")
struct SchemathesisTests {
    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.timeLimit(.minutes(8)))
    func noServerErrorAndNoAnswerThatContradictsTheDocumentAnonymousOrSignedIn() async throws {
        let schemathesis = Self.packageRoot.appendingPathComponent(".build-venv/bin/st")
        try #require(FileManager.default.isExecutableFile(atPath: schemathesis.path),
                     "schemathesis is missing: run scripts/install-packages.sh --test (the README's test command does)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-schemathesis-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Rate limits off: a 429 is documented, but would stop the generated requests from reaching the routes.
        let server = try await ServerProcess.start(dataDirectory: directory, environment: [
            "RATE_LIMIT_ANONYMOUS_BURST": "0", "RATE_LIMIT_SIGN_IN_BURST": "0", "RATE_LIMIT_SIGN_UP_BURST": "0",
        ])
        let token = try await SessionSigner(secret: String(repeating: "e", count: 32))
            .issue(for: Identity(role: .customer, id: "schemathesis", email: "schemathesis@example.com"))
        for (caller, headers) in [("anonymous", [String]()), ("customer", ["-H", "Authorization: Bearer \(token)"])] {
            var (status, output) = try await run(schemathesis, port: server.port, extra: headers)
            // CPython 3.11's parser can fail when two of schemathesis' workers describe a check at once: the tool
            // crashes, having found nothing. That run says nothing about the server, so it is made again (at most
            // twice more: it crashed twice in a row once, on a loaded machine).
            for _ in 0..<2 where status != 0 && output.contains("SystemError: AST constructor recursion depth mismatch") {
                print("schemathesis as \(caller) crashed inside CPython's parser; running it again")
                (status, output) = try await run(schemathesis, port: server.port, extra: headers)
            }
            let cases = output.split(separator: "\n").first { $0.contains(" generated, ") }.map { $0.trimmingCharacters(in: .whitespaces) }
            print("schemathesis as \(caller): \(cases ?? "no summary")")
            #expect(status == 0, "schemathesis as \(caller) found answers that contradict the document:\n\(output.suffix(6000))")
        }
        await server.stop()
    }

    private func run(_ schemathesis: URL, port: Int, extra: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = schemathesis
        process.arguments = [
            "run", "http://127.0.0.1:\(port)/openapi.json", "--url", "http://127.0.0.1:\(port)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method,allow_header_conformance",
            "--phases", "examples,coverage,fuzzing", "--max-examples", "10", "--seed", "1", "--workers", "2", "--no-shrink",
            // Logging out would end the signed-in run's own session half-way.
            "--exclude-path", "/api/auth/logout",
        ] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"]) { $1 }
        // schemathesis keeps a cache where it runs: in a scratch directory, not in the repository.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-schemathesis-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.currentDirectoryURL = scratch
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = await ToolProcess.onThread { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        return (await ToolProcess.onThread { ChildExit.wait(process) }, text)
    }
}
