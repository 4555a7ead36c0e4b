import ArgumentParser

/// A failure while a command runs (not a usage mistake): ArgumentParser prints it without the usage text and
/// exits non-zero.
struct ToolFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
