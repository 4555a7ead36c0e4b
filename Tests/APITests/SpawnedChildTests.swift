import Foundation
import TestSupport
import Testing

/// Children started for the tests (`ToolProcess.run`, through `posix_spawn` rather than Foundation's `Process`)
/// get standard input, output and error and nothing else of this process's open files, and their output and exit
/// status come back whole.
@Suite("Test support: spawned children")
struct SpawnedChildTests {
    @Test func aChildSeesOnlyItsThreeStandardDescriptorsAndItsStatusAndOutputComeBack() async throws {
        // Something open here, not marked close-on-exec, that a careless spawn would hand down.
        let open = Foundation.open("/dev/null", O_RDONLY)
        defer { close(open) }
        let listed = try await ToolProcess.run(["-c", "ls /proc/self/fd; echo oops >&2; exit 3"], executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(listed.status == 3 && listed.errors == "oops\n")
        // `ls` opens the directory it lists: that descriptor is its own.
        let descriptors = listed.output.split(separator: "\n").compactMap { Int($0) }
        #expect(descriptors.filter { $0 > 2 }.count <= 1, "inherited: \(descriptors)")
    }
}
