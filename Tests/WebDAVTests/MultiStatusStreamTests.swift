import Testing
import WebDAV

/// A streamed multistatus (RFC 4918 §13) is byte for byte the document built whole, and is
/// handed over in bounded chunks.
@Suite struct MultiStatusStreamTests {
    static func responses(_ count: Int) -> [MultiStatus.Response] {
        (0..<count).map { index in
            index % 3 == 2
                ? MultiStatus.Response(href: "/c/gone-\(index).ics", status: 404)
                : MultiStatus.Response(
                    href: "/c/obj \(index)&.ics",
                    propStats: [
                        .init(
                            status: 200,
                            properties: [XMLElement(.dav.getETag, text: "\"etag-\(index)\"")]),
                        .init(status: 404, properties: [XMLElement(.dav.displayName)]),
                    ])
        }
    }

    @Test(arguments: [1, 10, 2_000])
    func streamEqualsWholeDocument(count: Int) async throws {
        let responses = Self.responses(count)
        let whole = MultiStatus(responses: responses, syncToken: "urn:x:sync:1:7").xmlBytes
        let stream = MultiStatus.stream(syncToken: "urn:x:sync:1:7") { writer in
            for response in responses { try await writer.emit(response) }
        }
        let collector = ChunkCollector()
        try await stream.produce { chunk in await collector.add(chunk) }
        let chunks = await collector.chunks
        #expect(chunks.flatMap { $0 } == whole)
        #expect(chunks.dropLast().allSatisfy { $0.count >= DAVBodyStream.chunkSize })
        #expect(chunks.allSatisfy { $0.count < DAVBodyStream.chunkSize + 4096 })
        #expect(count < 2_000 ? chunks.count == 1 : chunks.count > 3)
        #expect(try await stream.collect() == whole)
    }

    @Test func responseCollectsItsStream() async throws {
        let response = DAVResponse.multiStatus { writer in
            try await writer.emit(MultiStatus.Response(href: "/a", status: 404))
        }
        #expect(response.status == 207 && response.body.isEmpty && response.stream != nil)
        let collected = try await response.collected()
        #expect(collected.stream == nil)
        #expect(collected.body == MultiStatus(responses: [.init(href: "/a", status: 404)]).xmlBytes)
    }
}

actor ChunkCollector {
    var chunks: [[UInt8]] = []
    func add(_ chunk: [UInt8]) { chunks.append(chunk) }
}
