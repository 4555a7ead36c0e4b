public import Hummingbird
public import HummingbirdWebSocket
public import NIOCore

/// The request context of `/ws`: the framework's WebSocket context, plus the address of the client's connection,
/// which the per-address connection limit keys on.
public struct LiveRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }
}
