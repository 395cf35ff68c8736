import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing
import WebDAV

@testable import CadenceServer

/// Reads of one DAV resource run on the connection's event loop, everything else on the global
/// executor (issue 4): `EventLoopTaskExecutor`, `LoopPreferringHTTP1Channel`,
/// `LoopOrPool` and the streamed answers of `DAVMiddleware.response`.
@Suite struct EventLoopExecutionTests {
    /// `loop` on an event loop's thread, else `pool`.
    static func whereAmI() -> String {
        MultiThreadedEventLoopGroup.currentEventLoop == nil ? "pool" : "loop"
    }

    @Test func jobsRunOnTheExecutorsLoopAcrossSuspensions() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(loop)
        let answers = await withTaskExecutorPreference(executor) {
            var answers = [loop.inEventLoop]
            await Task.yield()
            answers.append(loop.inEventLoop)
            try? await Task.sleep(for: .milliseconds(1))
            answers.append(loop.inEventLoop)
            // A child task inherits the preference.
            async let child = loop.inEventLoop
            answers.append(await child)
            return answers
        }
        #expect(answers == [true, true, true, true])
        #expect(!loop.inEventLoop)
        try await group.shutdownGracefully()
    }

    @Test func onlySingleResourceReadsStayOnTheLoop() {
        let propfind = HTTPRequest.Method("PROPFIND")!
        let object = "/caldav/users/ann/calendar/a.ics"
        let calendar = "/caldav/users/ann/calendar/"
        let depth0: HTTPFields = [.init("Depth")!: "0", .contentLength: "180"]
        let stays: [(HTTPRequest.Method, String, HTTPFields)] = [
            (.get, object, [:]), (.head, object, [:]), (.options, "/caldav/", [:]),
            (.get, calendar, [:]), (propfind, calendar, depth0),
            (propfind, calendar, [.init("Depth")!: "0"]),
            (propfind, calendar, [.init("Depth")!: "0", .contentLength: "16384"]),
        ]
        let moves: [(HTTPRequest.Method, String, HTTPFields)] = [
            (.put, object, [:]), (.delete, object, [:]),
            (propfind, calendar, [.init("Depth")!: "1", .contentLength: "180"]),
            (propfind, calendar, [.contentLength: "180"]),
            (propfind, calendar, [.init("Depth")!: "0", .contentLength: "16385"]),
            (propfind, calendar, [.init("Depth")!: "0", .contentLength: "many"]),
            (propfind, calendar, [.init("Depth")!: "0", .transferEncoding: "chunked"]),
            (propfind, "/web/", depth0), (.init("REPORT")!, calendar, [:]),
            (.post, "/caldav/", [:]),
            (.get, "/caldav/public/0123456789abcdef.ics", [:]), (.get, "/caldav", [:]),
            (.get, "/web/", [:]), (.get, "/api/v1/tasks", [:]), (.get, "/metrics", [:]),
            (.get, "/", [:]),
        ]
        for (method, path, headers) in stays {
            #expect(
                LoopOrPool.staysOnLoop(method, path: path, headers: headers), "\(method) \(path)")
        }
        for (method, path, headers) in moves {
            #expect(
                !LoopOrPool.staysOnLoop(method, path: path, headers: headers), "\(method) \(path)")
        }
    }

    @Test func aLiveServerAnswersReadsOnTheLoopAndTheRestOnThePool() async throws {
        let router = Router()
        router.get("/caldav/object.ics") { _, _ in Self.whereAmI() }
        router.on("/caldav/object.ics", method: .init("PROPFIND")!) { _, _ in Self.whereAmI() }
        router.get("/caldav/public/token.ics") { _, _ in Self.whereAmI() }
        router.get("/web/") { _, _ in Self.whereAmI() }
        // A streamed answer is made on the pool even when its request stays on the loop.
        router.get("/caldav/streamed/") { _, _ in
            let stream = DAVBodyStream { sink in try await sink(Array(Self.whereAmI().utf8)) }
            return DAVMiddleware<BasicRequestContext>.response(
                DAVResponse(status: 200, headers: [], stream: stream), isHead: false)
        }
        var logger = Logger(label: "loop-test")
        logger.logLevel = .warning
        let app = Application(router: router, server: .loopPreferringHTTP1(), logger: logger)
        try await app.test(.live) { client in
            let propfind = HTTPRequest.Method("PROPFIND")!
            let depth0: HTTPFields = [.init("Depth")!: "0"]
            for (method, path, headers, expected) in [
                (HTTPRequest.Method.get, "/caldav/object.ics", HTTPFields(), "loop"),
                (propfind, "/caldav/object.ics", depth0, "loop"),
                (propfind, "/caldav/object.ics", [:], "pool"),  // no Depth: infinity
                (.get, "/caldav/public/token.ics", [:], "pool"), (.get, "/web/", [:], "pool"),
                (.get, "/caldav/streamed/", [:], "pool"),
            ] {
                // Several times: a connection's requests after the first run there too.
                for _ in 0..<3 {
                    try await client.execute(uri: path, method: method, headers: headers) {
                        response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body) == expected, "\(method) \(path)")
                    }
                }
            }
        }
    }
}
