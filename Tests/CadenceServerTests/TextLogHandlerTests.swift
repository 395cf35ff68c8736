import Foundation
import Logging
import Synchronization
import Testing

@testable import CadenceServer

/// `TextLogHandler` writes the lines swift-log's `StreamLogHandler` wrote (the default text log
/// format must not change for whoever parses it), with the time made once per second.
@Suite struct TextLogHandlerTests {
    /// Collects what a handler writes.
    final class Lines: TextOutputStream, Sendable {
        let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
        var all: [String] { lines.withLock { $0 } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    /// Both handlers log the same events; the lines are equal but for the time, and the time
    /// has `StreamLogHandler`'s form.
    @Test func sameLinesAsStreamLogHandler() throws {
        let stream = Lines()
        let text = Lines()
        let provider = Logger.MetadataProvider { ["provided": "p", "z": "provider"] }
        var reference = Logger(label: "cadence") {
            StreamLogHandler(label: $0, stream: stream, metadataProvider: provider)
        }
        var fast = Logger(label: "cadence") {
            TextLogHandler(label: $0, metadataProvider: provider, write: { text.write($0) })
        }
        reference[metadataKey: "request_id"] = "0123456789abcdef"
        fast[metadataKey: "request_id"] = "0123456789abcdef"
        reference.logLevel = .debug
        fast.logLevel = .debug
        for logger in [reference, fast] {
            logger.info(
                "request",
                metadata: [
                    "method": "GET", "path": "/caldav/a b.ics", "status": .stringConvertible(200),
                    "ms": .stringConvertible(0.4), "z": "explicit",
                    "list": .array(["a", .stringConvertible(1)]),
                    "map": .dictionary(["k": "v"]),
                ])
            logger.debug("plain message")
            logger.error("failed", error: Failure())
            logger.trace("not written")
        }
        var unlabeled = Logger(label: "") {
            StreamLogHandler(label: $0, stream: stream, metadataProvider: nil)
        }
        unlabeled.logLevel = .info
        unlabeled.warning("no label")
        var unlabeledFast = Logger(label: "") {
            TextLogHandler(label: $0, metadataProvider: nil, write: { text.write($0) })
        }
        unlabeledFast.logLevel = .info
        unlabeledFast.warning("no label")

        let pattern = try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} "#)
        func withoutTime(_ line: String) throws -> String {
            let match = try #require(line.prefixMatch(of: pattern), "time form: \(line)")
            return String(line[match.range.upperBound...])
        }
        #expect(stream.all.count == 4)
        #expect(try stream.all.map(withoutTime) == text.all.map(withoutTime))
        let first = try withoutTime(text.all[0])
        #expect(first.hasPrefix("info cadence: list="))
        #expect(
            first.hasSuffix(
                " method=GET ms=0.4 path=/caldav/a b.ics provided=p"
                    + " request_id=0123456789abcdef status=200 z=explicit"
                    + " [CadenceServerTests] request\n"))
        #expect(text.all.allSatisfy { $0.hasSuffix("\n") })
    }

    /// The time text is the local time of this second, as `strftime` writes it.
    @Test func timeText() throws {
        let clock = LocalTimeText()
        let before = time(nil)
        let first = clock.text()
        let second = clock.text()
        let after = time(nil)
        #expect(first == second || before != after)
        #expect(first == LocalTimeText.format(before) || first == LocalTimeText.format(after))
        #expect(LocalTimeText.format(0).count == "1970-01-01T00:00:00+0000".count)
    }
}
