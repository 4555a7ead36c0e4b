import App
import ArgumentParser
import Domain
import EventStore
import Foundation

/// `tktplz audit seat|booking|payout`: the full story of one thing, event by event, from the log (read-only, so
/// it runs beside a server).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Tell the full story of a seat, a booking or a payout, event by event.",
        subcommands: [Seat.self, BookingStory.self, PayoutStory.self])

    struct Seat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "seat", abstract: "Every hold, sale and return of one seat, and the bookings behind them.")
        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var output: StoryOutput
        @Argument(help: "The show (event) id.") var show: String
        @Argument(help: "The seat, e.g. F12.") var seat: String

        func run() async throws {
            try await output.tell(from: data, nothing: "show \(show) has no story for seat \(seat)") { log in
                try await AuditStories.seat(SeatID(seat), of: ShowID(show), log: log)
            }
        }
    }

    struct BookingStory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "booking", abstract: "A booking's events and its show's events that name it.")
        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var output: StoryOutput
        @Argument(help: "The booking id.") var booking: String

        func run() async throws {
            try await output.tell(from: data, nothing: "no booking \(booking) in the log") { log in
                try await AuditStories.booking(BookingID(booking), log: log)
            }
        }
    }

    struct PayoutStory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "payout", abstract: "A show's payments and refunds, its settlement and each step of paying it.")
        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var output: StoryOutput
        @Argument(help: "The show (event) id whose payout to tell.") var show: String

        func run() async throws {
            try await output.tell(from: data, nothing: "show \(show) has no payments or payout in the log") { log in
                try await AuditStories.payout(of: ShowID(show), log: log)
            }
        }
    }
}

/// How a story is printed: a table for people, or `--json` lines for programs.
struct StoryOutput: ParsableArguments {
    @Flag(help: "One JSON object per event.") var json = false

    /// Reads a story from the log (an LMDB log opened read-only, so beside a server) and prints it.
    func tell(from data: DataDirectoryOption, nothing: String, _ story: (any EventLog) async throws -> [StoryLine]) async throws {
        let opened = try await data.openInspectedLog()
        defer { opened.close() }
        try print(try await story(opened.log), nothing: nothing)
    }

    func print(_ lines: [StoryLine], nothing: String) throws {
        guard !lines.isEmpty else { throw ToolFailure(nothing) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for line in lines { Swift.print(String(decoding: try encoder.encode(line), as: UTF8.self)) }
            return
        }
        let rows = lines.map { line in
            [String(line.position), line.recordedAt, line.stream, line.type, line.actor ?? "", line.amount.map(\.description) ?? "", line.detail]
        }
        Swift.print(Table(header: ["position", "recorded at", "stream", "event", "actor", "amount", "what"], rows: rows).text)
    }
}
