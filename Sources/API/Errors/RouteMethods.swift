import Hummingbird
import Synchronization

/// Which methods each route path answers, so a request with the wrong method is told 405 with `Allow` (Hummingbird
/// answers it 404, as if the path did not exist). Filled once the router has its routes.
final class RouteMethods: Sendable {
    private struct Route: Sendable {
        var segments: [Substring]
        var method: String
    }

    private let routes = Mutex<[Route]>([])

    init() {}

    /// Records the router's routes (`METHOD /path`, captures spelled `{name}` as Hummingbird prints them).
    func load(_ routes: [(method: String, path: String)]) {
        let loaded = routes.map { Route(segments: Self.segments($0.path), method: $0.method) }
        self.routes.withLock { $0 = loaded }
    }

    /// The methods some route answers at `path`, sorted; empty when no route has that path.
    func methods(at path: String) -> [String] {
        let asked = Self.segments(path)
        let matching = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == asked.count
                    && zip(route.segments, asked).allSatisfy { $0.hasPrefix("{") || $0 == "*" || $0 == $1 }
            }.map(\.method)
        }
        return Set(matching).sorted()
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
