import ArgumentParser

/// `tktplz bench …`: benchmarks measured as ratios to a baseline in the same run (run from a release build).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release first).",
        subcommands: [LogBenchCommand.self, CompressionBenchCommand.self, AppendLoadCommand.self, HTTPBenchCommand.self, FanoutBenchCommand.self,
                      CheckoutBenchCommand.self, CheckoutDriveCommand.self, RenderBenchCommand.self, RebuildBenchCommand.self,
                      HoldBenchCommand.self, PostgresBenchCommand.self, ScaleOutBenchCommand.self, QueueBenchCommand.self,
                      PersonalDataBenchCommand.self]
    )
}
