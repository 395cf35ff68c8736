import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Runs Swift concurrency jobs on one NIO event loop: the loop that reads and writes a
/// connection's bytes.
///
/// A request handled on Swift's global executor crosses threads twice: the loop hands the parsed
/// request to a pool thread (a futex wake), and the pool thread hands the answer back to the
/// loop (an eventfd write); the kernel's scheduling of those switches was about a fifth of a
/// GET's CPU (issue 4). A job enqueued from the loop's own thread joins the loop's task queue
/// without waking anything.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Hummingbird's HTTP/1.1 channel whose connections prefer their own event loop's executor
/// (`EventLoopTaskExecutor`). Requests that `LoopOrPool` does not keep there are answered, body
/// included, on the global executor, so a long REPORT never holds up the other connections of
/// its loop.
struct LoopPreferringHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's requests preferring its event loop
    /// (`LoopPreferringHTTP1Channel`), and those `LoopOrPool` sends away answered on the global
    /// executor: the whole answer, its body too, so the request changes thread once each way.
    static func loopPreferringHTTP1() -> HTTPServerBuilder {
        .init { responder in
            LoopPreferringHTTP1Channel(
                base: HTTP1Channel(responder: { request, writer, channel in
                    if LoopOrPool.staysOnLoop(
                        request.method, path: request.uri.path, headers: request.headers)
                    {
                        try await responder(request, writer, channel)
                        return
                    }
                    var writer = Optional(writer)
                    try await withTaskExecutorPreference(globalConcurrentExecutor) {
                        try await responder(request, writer.take()!, channel)
                    }
                }))
        }
    }
}

/// `Depth`, made once.
private let depthField = HTTPField.Name("Depth")!

/// Where a request runs. A read of one DAV resource stays on the connection's event loop, with
/// no thread switch at all: GET, HEAD or OPTIONS under `/caldav/` (an indexed lookup and a copy),
/// and PROPFIND with `Depth: 0` and a short body (one resource's properties: the `getctag` and
/// sync-token polls every client repeats). Every other request moves to the global executor,
/// where long work is shared out over every core and cannot stall the other connections of a
/// loop. What such a read finds to be long after all moves from where it is found: a collection
/// or a large object (`GetMethod`), a streamed answer (`DAVMiddleware.response`), the debug
/// browser's page, a wait for a free SQLite reader (`SQLiteStore`). Public subscription links
/// are whole calendars.
///
/// Measured (issue 4), N = 1,000, c = 8: a GET costs about a tenth less CPU, and while two
/// connections fetch exports, GETs answer four times as fast (p99 7 ms, was 40 ms), because
/// they no longer queue behind the exports on the global executor's two threads.
enum LoopOrPool {
    /// The largest PROPFIND body (octets, by `Content-Length`) answered on the loop.
    static let shortBody = 16 * 1024

    static func staysOnLoop(_ method: HTTPRequest.Method, path: String, headers: HTTPFields)
        -> Bool
    {
        let utf8 = path.utf8
        guard utf8.starts(with: "/caldav/".utf8),
            !utf8.starts(with: SubscriptionLinks.pathPrefix.utf8)
        else { return false }
        switch method {
        case .get, .head, .options:
            return true
        case propfindMethod:
            // Without a length the body is empty, unless it comes in chunks of unknown total.
            guard headers[depthField] == "0", headers[.transferEncoding] == nil else {
                return false
            }
            return headers[.contentLength].map { Int($0).map { $0 <= shortBody } ?? false }
                ?? true
        default:
            return false
        }
    }
}

/// `PROPFIND`, made once.
private let propfindMethod = HTTPRequest.Method("PROPFIND")!
