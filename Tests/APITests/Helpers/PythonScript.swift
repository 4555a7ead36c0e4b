import Foundation
import TestSupport

/// A Python script of Tests (the Selenium flows in Tests/Browser, the third-party clients in Tests/Clients) run
/// with the Python that has their libraries: the virtual environment scripts/install-packages.sh --test makes,
/// else the system's. Its output (stdout and stderr) and exit status.
enum PythonScript {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ script: String, _ arguments: String...) async throws -> (status: Int32, text: String) {
        let venv = packageRoot.appendingPathComponent(".build-venv/bin/python3").path
        let python = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3")
        let ran = try await ToolProcess.run([packageRoot.appendingPathComponent("Tests/\(script)").path] + arguments, executable: python)
        return (ran.status, ran.output + ran.errors)
    }
}
