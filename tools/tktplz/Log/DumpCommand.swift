import ArgumentParser
import EventStore
import Foundation

/// `tktplz log dump`: a stream or a position range, human-readable or as JSON lines.
struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump", abstract: "Print a stream or a range of positions.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Only this stream (category-id).") var stream: String?
    @Option(help: "First position (or, with --stream, first version).") var from: UInt64 = 0
    @Option(help: "Last position (or version) to print.") var to: UInt64 = .max
    @Option(help: "At most this many records.") var limit: Int = .max
    @Flag(help: "One JSON object per line.") var json = false

    func run() async throws {
        let opened = try await data.openInspectedLog()
        defer { opened.close() }
        let log = opened.log
        var printed = 0
        if let stream {
            let name: StreamName
            do { name = try StreamName(stream) } catch { throw ValidationError(error.message) }
            var pages = log.pages(of: name, from: StreamVersion(from))
            while printed < limit, let page = try await pages.next() {
                for record in page where record.streamVersion.rawValue <= to && printed < limit {
                    emit(record)
                    printed += 1
                }
                if let last = page.last, last.streamVersion.rawValue >= to { break }
            }
        } else {
            var position = GlobalPosition(max(from, 1))
            while printed < limit {
                let page = try await log.read(from: position, limit: 1000)
                for record in page where record.position.rawValue <= to && printed < limit {
                    emit(record)
                    printed += 1
                }
                guard let last = page.last, last.position.rawValue < to else { break }
                position = last.position.next
            }
        }
        if !json { Terminal.status("\(printed) record(s)") }
    }

    private func emit(_ record: RecordedEvent) {
        print(json ? RecordFormat.jsonLine(record) : RecordFormat.line(record))
    }
}
