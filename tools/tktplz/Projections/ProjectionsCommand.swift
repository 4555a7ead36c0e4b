import ArgumentParser
import EventStore
import Foundation
import Projections

/// `tktplz projections status|rebuild`: where each projection is, and rebuilding one beside the running server.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections", abstract: "List the projections with their checkpoints and lag, or rebuild one.",
        subcommands: [Status.self, Rebuild.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Each projection's version, checkpoint and lag behind the log.")
        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let opened = try await data.openInspectedLog()
            defer { opened.close() }
            let log = opened.log
            let store = try data.openProjections()
            let head = try await log.head()
            var rows: [[String]] = []
            for entry in ProjectionCatalog.all {
                let checkpoint = try store.checkpoint(of: entry.name)
                let position = checkpoint?.position.rawValue ?? 0
                let state = switch checkpoint {
                case nil: "not started"
                case let stored? where stored.version != entry.version: "version \(stored.version) stored: rebuilt on start"
                case let stored? where stored.position >= head: "current"
                default: "behind"
                }
                rows.append([entry.name, String(entry.version), String(try store.generation(of: entry.name)), String(position),
                             String(head.rawValue - min(position, head.rawValue)), state])
            }
            print(Table(header: ["projection", "version", "generation", "checkpoint", "lag", "state"], rows: rows).text)
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild", abstract: "Rebuild a projection from position 0 into fresh tables while the old ones are served, then switch.",
            discussion: "Safe beside a running server: its runner notices the switch and continues on the new views.")
        @OptionGroup var data: DataDirectoryOption
        @Argument(help: "The projection's name (see `tktplz projections status`).") var name: String?
        @Flag(help: "Rebuild every projection, one after another.") var all = false

        func validate() throws {
            guard (name == nil) == all else { throw ValidationError("name one projection, or give --all") }
            if let name, ProjectionCatalog.named(name) == nil {
                throw ValidationError("no projection is called \(name); known: \(ProjectionCatalog.all.map(\.name).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let opened = try await data.openInspectedLog()
            defer { opened.close() }
            let log = opened.log
            let store = try data.openProjections()
            // Several at once share one pass over the log.
            let entries = all ? ProjectionCatalog.all : ProjectionCatalog.all.filter { $0.name == name }
            let bar = ProgressBar(label: all ? "all projections" : entries[0].name)
            let position = try await ProjectionCatalog.rebuild(entries, log: log, store: store) { position, head in
                bar.update(done: position.rawValue, of: head.rawValue)
            }
            bar.finish()
            for entry in entries {
                print("\(entry.name): rebuilt to position \(position.rawValue) and switched to generation \(try store.generation(of: entry.name)) "
                    + "(\(Terminal.grouped(bar.rate)) events/s)")
            }
        }
    }
}
