import ArgumentParser
import Dispatch

/// The one TktPlz executable: the server, the log's operator tools and the benchmarks.
struct TktPlz: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tktplz",
        abstract: "TktPlz: an event-sourced ticket-booking service and the tools around its log.",
        subcommands: [ServeCommand.self, LogCommand.self, AuditCommand.self, ReplayCommand.self, ProjectionsCommand.self, BenchCommand.self]
    )
}

/// Runs the command in a task and parks the main thread on a semaphore. An `async` main hands the main thread to
/// `dispatch_main`, which valgrind (3.19 and 3.24 alike) cannot follow: callgrind died with SIGSEGV on every Swift
/// program with an async main, and ran the same work to the end behind a semaphore. Counting instructions
/// (`valgrind --tool=callgrind tktplz bench …`) is how we compare versions on this noisy machine. Nothing here runs
/// on the main queue, so nothing needs it.
@main
enum Entry {
    static func main() {
        let finished = DispatchSemaphore(value: 0)
        // Detached: a plain `Task` here would inherit the main actor, whose queue nobody drains while main waits.
        Task.detached {
            await TktPlz.main()
            finished.signal()
        }
        finished.wait()
    }
}
