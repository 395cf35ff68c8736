import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import Testing

@testable import CadenceServer

/// Request ids and JSON log lines (issue 7).
@Suite struct RequestIDTests {
    /// The lines a `JSONLogHandler` wrote.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    @Test func idsAreEchoedOrMadeAndOnEveryLogLine() async throws {
        let lines = Lines()
        var logger = Logger(label: "cadence") { JSONLogHandler(label: $0, write: lines.append) }
        logger.logLevel = .info
        let store = InMemoryStore()
        let app = buildApplication(
            configuration: TestServer.configuration, store: store, logger: logger)
        try await app.test(.router) { client in
            let echoed = try await client.execute(
                uri: "/health", method: .get,
                headers: [HTTPField.Name("X-Request-ID")!: "req-42.a_b"]
            ) { $0.headers[HTTPField.Name("X-Request-ID")!] }
            #expect(echoed == "req-42.a_b")
            let replaced = try await client.execute(
                uri: "/caldav/", method: .init("PROPFIND")!,
                headers: [HTTPField.Name("X-Request-ID")!: "bad id\u{7F}"]
            ) { ($0.status.code, $0.headers[HTTPField.Name("X-Request-ID")!]) }
            #expect(replaced.0 == 401)
            let made = try #require(replaced.1)
            #expect(made.utf8.count == 16)
            #expect(
                made.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        }
        // Made ids never repeat within a process (the generator is a bijection of a counter).
        let many = (0..<20_000).map { _ in RequestIDMiddleware<CadenceRequestContext>.random() }
        #expect(Set(many).count == many.count)
        #expect(many.allSatisfy { $0.utf8.count == 16 })
        let requests = lines.all.compactMap { try? JSONValue.parse(Array($0.utf8)) }
            .filter { $0["message"] == .string("request") }
        #expect(requests.count == 2)
        #expect(requests.first?["request_id"] == .string("req-42.a_b"))
        #expect(requests.first?["path"] == .string("/health"))
        #expect(requests.first?["status"] == .string("200"))
        #expect(requests.first?["level"] == .string("info"))
        #expect(requests.first?["label"] == .string("cadence"))
        #expect(requests.last?["method"] == .string("PROPFIND"))
        #expect(requests.last?["status"] == .string("401"))
    }

    @Test func saneIDs() {
        #expect(RequestIDMiddleware<BasicRequestContext>.sane("abc-123") == "abc-123")
        #expect(RequestIDMiddleware<BasicRequestContext>.sane("") == nil)
        #expect(
            RequestIDMiddleware<BasicRequestContext>.sane(String(repeating: "a", count: 65)) == nil)
        #expect(RequestIDMiddleware<BasicRequestContext>.sane("a\"b") == nil)
    }

    @Test func jsonLinesEscapeAndSortMetadata() {
        let lines = Lines()
        var logger = Logger(label: "x") { JSONLogHandler(label: $0, write: lines.append) }
        logger[metadataKey: "request_id"] = "r1"
        logger.warning("say \"hi\"\n", metadata: ["b": "2", "a": ["x", "y"]])
        let line = lines.all.first ?? ""
        let value = try? JSONValue.parse(Array(line.utf8))
        #expect(value?["message"] == .string("say \"hi\"\n"))
        #expect(value?["a"] == .array([.string("x"), .string("y")]))
        #expect(value?["request_id"] == .string("r1"))
        #expect(value?["level"] == .string("warning"))
        #expect(!line.isEmpty && !line.contains("\n"))
        #expect(JSONLogHandler.timestamp(1_764_086_415.25) == "2025-11-25T16:00:15.250Z")
    }
}
