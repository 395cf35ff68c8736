/// Writes the `<D:response>` elements of a multistatus body as they are made, into one buffer:
/// handed to a sink each time it reaches `DAVBodyStream.chunkSize` (a streamed body,
/// `MultiStatus.stream`), or kept whole (`MultiStatus.document`).
///
/// Besides a built `MultiStatus.Response`, a response may be written straight into the buffer
/// (`append(writing:)`): a listing of thousands of members answers most of them that way,
/// without an element tree per member (`DAVServer.appendDirectly`).
public struct MultiStatusWriter {
    /// The document so far (since the last chunk handed to the sink).
    var out: [UInt8] = []
    private let sink: DAVBodyStream.Sink?

    init(sink: DAVBodyStream.Sink?, capacity: Int) {
        self.sink = sink
        out.reserveCapacity(capacity)
        MultiStatus.appendHead(into: &out)
    }

    /// Appends one response and hands a full buffer to the sink.
    public mutating func emit(_ response: MultiStatus.Response) async throws {
        append(response)
        try await flush()
    }

    /// Appends one response (the sink is not called: see `flush`).
    public mutating func append(_ response: MultiStatus.Response) {
        MultiStatus.append(response, into: &out)
    }

    /// Appends the `<D:response>` element that `write` appends to the buffer it is given, when
    /// it writes one: `write` returns `false` when it cannot, and whatever it appended is then
    /// dropped. Returns what `write` returned (the sink is not called: see `flush`).
    public mutating func append(writing write: (inout [UInt8]) -> Bool) -> Bool {
        let mark = out.count
        guard write(&out) else {
            out.removeSubrange(mark...)
            return false
        }
        return true
    }

    /// Hands the buffer to the sink once it holds a chunk (never for a whole document).
    public mutating func flush() async throws {
        guard let sink, out.count >= DAVBodyStream.chunkSize else { return }
        try await sink(out)
        out.removeAll(keepingCapacity: true)
    }

    /// Closes the document (with the sync token when given) and returns what is not yet sent.
    mutating func finish(syncToken: String?) -> [UInt8] {
        MultiStatus.appendTail(syncToken: syncToken, into: &out)
        return out
    }
}

extension MultiStatus {
    /// The document as a chunked stream: the `<D:response>` elements `produce` emits, then the
    /// sync token; the same bytes `xmlBytes` writes for the same responses (never the empty
    /// element form).
    public static func stream(
        syncToken: String?,
        _ produce: @escaping @Sendable (_ writer: inout MultiStatusWriter) async throws -> Void
    ) -> DAVBodyStream {
        DAVBodyStream { sink in
            try await withoutActuallyEscaping(sink) { sink in
                var writer = MultiStatusWriter(
                    sink: sink, capacity: DAVBodyStream.chunkSize + 4096)
                try await produce(&writer)
                try await sink(writer.finish(syncToken: syncToken))
            }
        }
    }

    /// The whole document of the responses `produce` emits (a body decided before it is sent,
    /// such as a multiget's); the same bytes `xmlBytes` writes for the same responses.
    public static func document(
        syncToken: String? = nil,
        _ produce: (_ writer: inout MultiStatusWriter) async throws(DAVError) -> Void
    ) async throws(DAVError) -> [UInt8] {
        // No sink: `flush` is a no-op, so only `produce`'s own errors can end it.
        var writer = MultiStatusWriter(sink: nil, capacity: 4096)
        try await produce(&writer)
        return writer.finish(syncToken: syncToken)
    }
}
