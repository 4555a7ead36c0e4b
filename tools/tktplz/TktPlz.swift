import ArgumentParser

/// The one TktPlz executable: the server, the log's operator tools and the benchmarks.
@main
struct TktPlz: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tktplz",
        abstract: "TktPlz: an event-sourced ticket-booking service and the tools around its log.",
        subcommands: [ServeCommand.self, LogCommand.self, AuditCommand.self, ReplayCommand.self, ProjectionsCommand.self, BenchCommand.self]
    )
}
