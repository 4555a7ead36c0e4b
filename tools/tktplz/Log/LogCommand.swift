import ArgumentParser

/// `tktplz log …`: the operator's tools for the event log.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Verify, dump, export, import, back up and copy the event log.",
        subcommands: [VerifyCommand.self, DumpCommand.self, ExportCommand.self, ImportCommand.self, BackupCommand.self, CopyCommand.self]
    )
}
