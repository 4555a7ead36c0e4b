import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` directly, its standard output and error read through pipes.
///
/// Not Foundation's `Process`: on this toolchain its `run()` crashes now and then (a 256-byte copy of each
/// `/proc/self/fd` entry's name reads past the end of glibc's directory buffer; fixed in swift-corelibs-foundation
/// after this release), and a test process with many files open and many children hits it. Every descriptor above
/// standard error is closed in the child (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34), as `Process`
/// closes them.
final class SpawnedChild: @unchecked Sendable {
    let pid: pid_t
    /// The read ends of the child's standard output and standard error (the same pipe when `mergingErrors`).
    let output: FileHandle
    let errors: FileHandle
    /// Held while the child is reaped; its status once it was.
    private let reaping = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments` (and `environment`, else this process's), standard input from /dev/null;
    /// `mergingErrors`: its standard error goes into the same pipe as its output.
    init(_ executable: URL, _ arguments: [String], environment: [String: String]?, mergingErrors: Bool = false) throws {
        var outputPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0, pipe(&errorPipe) == 0 else { throw SpawnFailure(errno: errno) }
        // Not inherited by other children started meanwhile (each of which closes everything above 2 anyway).
        for descriptor in outputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, mergingErrors ? outputPipe[1] : errorPipe[1], 2)
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let environment = environment ?? ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        close(outputPipe[1])
        close(errorPipe[1])
        guard spawned == 0 else {
            close(outputPipe[0])
            close(errorPipe[0])
            throw SpawnFailure(errno: spawned)
        }
        self.pid = pid
        output = FileHandle(fileDescriptor: outputPipe[0], closeOnDealloc: true)
        errors = FileHandle(fileDescriptor: errorPipe[0], closeOnDealloc: true)
    }

    /// Waits for the child to end: its exit status, or 128 plus the signal that ended it. Blocks.
    func wait() -> Int32 {
        reaping.lock()
        defer { reaping.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        let ended = Self.exitStatus(raw)
        status = ended
        return ended
    }

    /// Whether the child still runs (reaping it if it has ended); a child being waited for counts as running.
    var isRunning: Bool {
        guard reaping.try() else { return true }
        defer { reaping.unlock() }
        if status != nil { return false }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
        status = Self.exitStatus(raw)
        return false
    }

    /// Sends `signal` to the child unless it has ended.
    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    private static func exitStatus(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which the Swift Glibc module does not declare.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}

struct SpawnFailure: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { "the child could not be started: \(String(cString: strerror(errno)))" }
}
