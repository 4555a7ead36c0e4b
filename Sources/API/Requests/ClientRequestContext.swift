public import Hummingbird
public import NIOCore

/// The request context of every route: the framework's, plus the address of the client's connection, which the
/// rate limits key on.
public struct ClientRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection (a proxy's, behind one: see `RateLimitSettings.trustedProxyHeader`).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
