/// A response body produced in chunks after the status and headers are sent (HTTP/1.1 chunked
/// transfer coding, RFC 9112 §7.1), so a large multistatus or export never sits whole in memory.
///
/// Everything that can answer with a status must be decided before the stream is returned: once
/// the first chunk is out, a failure can only cut the connection.
public struct DAVBodyStream: Sendable {
    /// Receives one chunk; the caller may reuse its buffer after it returns.
    public typealias Sink = ([UInt8]) async throws -> Void

    /// Writes the body, chunk after chunk, into the sink.
    public let produce: @Sendable (_ sink: Sink) async throws -> Void

    /// A stream that calls `produce` when the body is sent.
    public init(_ produce: @escaping @Sendable (_ sink: Sink) async throws -> Void) {
        self.produce = produce
    }

    /// The whole body in one array (tests and small bodies).
    public func collect() async throws -> [UInt8] {
        var out: [UInt8] = []
        try await produce { out += $0 }
        return out
    }

    /// The size at which a producer hands its buffer to the sink.
    public static let chunkSize = 64 * 1024
}
