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
        let stays: [(HTTPRequest.Method, String)] = [
            (.get, "/caldav/users/ann/calendar/a.ics"), (.head, "/caldav/users/ann/calendar/a.ics"),
            (.options, "/caldav/"), (.get, "/caldav/users/ann/calendar/"),
        ]
        let moves: [(HTTPRequest.Method, String)] = [
            (.put, "/caldav/users/ann/calendar/a.ics"),
            (.delete, "/caldav/users/ann/calendar/a.ics"),
            (.init("PROPFIND")!, "/caldav/users/ann/calendar/"),
            (.init("REPORT")!, "/caldav/users/ann/calendar/"), (.post, "/caldav/"),
            (.get, "/caldav/public/0123456789abcdef.ics"), (.get, "/caldav"), (.get, "/web/"),
            (.get, "/api/v1/tasks"), (.get, "/metrics"), (.get, "/"),
        ]
        for (method, path) in stays {
            #expect(LoopOrPool.staysOnLoop(method, path: path))
        }
        for (method, path) in moves {
            #expect(!LoopOrPool.staysOnLoop(method, path: path))
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
            for (method, path, expected) in [
                (HTTPRequest.Method.get, "/caldav/object.ics", "loop"),
                (.init("PROPFIND")!, "/caldav/object.ics", "pool"),
                (.get, "/caldav/public/token.ics", "pool"), (.get, "/web/", "pool"),
                (.get, "/caldav/streamed/", "pool"),
            ] {
                // Several times: a connection's requests after the first run there too.
                for _ in 0..<3 {
                    try await client.execute(uri: path, method: method) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body) == expected, "\(method) \(path)")
                    }
                }
            }
        }
    }
}
