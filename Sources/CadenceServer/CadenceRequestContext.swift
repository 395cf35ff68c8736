import Hummingbird
import NIOCore

/// The request context of the Cadence router: Hummingbird's core storage plus the socket peer's
/// address, for brute-force protection (issue 7).
public struct CadenceRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection (`nil` in router tests).
    public let remoteAddress: SocketAddress?

    /// Creates the context of a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
