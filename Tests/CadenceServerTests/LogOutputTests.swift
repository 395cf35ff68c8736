import Foundation
import Logging
import Testing

@testable import CadenceServer

/// `LogOutput`: log lines written behind the caller reach the file whole, in order, without an
/// explicit flush when the server is idle, and at once when the buffer passes its limit.
@Suite struct LogOutputTests {
    /// Runs `body` with the path of a fresh empty file and a `LogOutput` writing to it.
    static func withOutput(
        _ body: (_ path: String, _ output: LogOutput) async throws -> Void
    ) async throws {
        let path = NSTemporaryDirectory() + "cadence-log-\(UUID().uuidString).txt"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
        }
        try await body(path, LogOutput(descriptor: handle.fileDescriptor))
    }

    static func contents(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test func aLoneLineIsWrittenWithoutAFlush() async throws {
        try await Self.withOutput { path, output in
            output.write("one line\n")
            // The queued write runs on its own; wait for it at most 5 s.
            for _ in 0..<500 where Self.contents(path).isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(Self.contents(path) == "one line\n")
        }
    }

    @Test func concurrentLinesArriveWholeAndEachWritersInOrder() async throws {
        try await Self.withOutput { path, output in
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<500 { output.write("w\(writer) \(index)\n") }
                    }
                }
            }
            output.flush()
            let lines = Self.contents(path).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2_001)
            #expect(lines.last == "")
            for writer in 0..<4 {
                let own = lines.filter { $0.hasPrefix("w\(writer) ") }.map { String($0) }
                #expect(own == (0..<500).map { "w\(writer) \($0)" })
            }
        }
    }

    @Test func aFullBufferIsWrittenByTheCaller() async throws {
        try await Self.withOutput { path, output in
            output.write("first\n")
            output.flush()
            // One write that brings the buffer to the limit is written before `write` returns.
            let large = String(repeating: "x", count: LogOutput.limit - 1) + "\n"
            output.write(large)
            #expect(Self.contents(path) == "first\n" + large)
        }
    }

    @Test func theTextLogFormatKeepsTheRequestIDAndAccessFields() async throws {
        try await Self.withOutput { path, output in
            var logger = Logger(label: "cadence") { StreamLogHandler(label: $0, stream: output) }
            logger[metadataKey: "request_id"] = "abc123"
            logger.info("request", metadata: ["method": "GET", "status": "200"])
            output.flush()
            let text = Self.contents(path)
            #expect(text.hasSuffix(" request\n"))
            #expect(text.contains("info cadence: method=GET request_id=abc123 status=200"))
        }
    }
}
