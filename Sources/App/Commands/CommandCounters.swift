public import Prometheus

/// What one aggregate type's commands did: decided, refused by the domain, or retried after a version conflict.
public struct CommandCounters: Sendable {
    public let commands: Counter
    public let rejections: Counter
    public let conflicts: Counter

    /// Counters labelled with the aggregate's stream category, in `registry`.
    public init(aggregate: String, registry: PrometheusCollectorRegistry) {
        let labels = [("aggregate", aggregate)]
        commands = registry.makeCounter(name: "tktplz_commands_total", labels: labels, help: "Commands handled")
        rejections = registry.makeCounter(name: "tktplz_command_rejections_total", labels: labels, help: "Commands the domain refused")
        conflicts = registry.makeCounter(name: "tktplz_command_conflicts_total", labels: labels,
                                         help: "Appends that met an expected-version conflict and were decided again")
    }
}
