import ArgumentParser
import EventStore
import Foundation

/// `tktplz bench append-load`: appends from many tasks until killed, printing each acknowledged append.
/// The crash test kills it with SIGKILL and checks that every printed acknowledgement survived.
struct AppendLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append-load",
        abstract: "Append until killed; print `ack STREAM VERSION POSITION EVENT-ID` per acknowledged event.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Concurrent appenders.") var appenders: Int = 16
    @Option(help: "Stop after this many appends per appender (default: until killed).") var count: Int = .max

    func run() async throws {
        let log = try data.openLog()
        defer { log.close() }
        let run = UUID().uuidString.prefix(8)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    let stream = try StreamName(category: "load", id: "\(run)x\(appender)")
                    var expected = ExpectedVersion.noStream
                    for round in 0..<count {
                        // One to three events per append, so batches of mixed sizes are in flight when killed.
                        let events = (0...(round % 3)).map { index in
                            NewEvent(id: EventID.random(), type: "LoadTick", payload: Data(#"{"round":\#(round),"i":\#(index)}"#.utf8))
                        }
                        guard case .appended(let appended) = try await log.append(events, to: stream, expecting: expected) else {
                            throw ToolFailure("unexpected conflict on \(stream): this appender is its stream's only writer")
                        }
                        expected = .exact(appended.streamVersion)
                        var lines = ""
                        let firstVersion = appended.streamVersion.rawValue - UInt64(events.count - 1)
                        for (offset, event) in events.enumerated() {
                            lines += "ack \(stream) \(firstVersion + UInt64(offset)) \(appended.firstPosition.rawValue + UInt64(offset)) \(event.id)\n"
                        }
                        // One write per append: a line is either printed whole after the commit or not at all.
                        FileHandle.standardOutput.write(Data(lines.utf8))
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
