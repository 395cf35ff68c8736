import CalDAV
import Foundation
import Groupware
import HTTPTypes
import Hummingbird
import Logging
import Storage
import WebDAV

/// Mounts the DAV engine on `/caldav/**` (and PROPFIND on `/`): RFC 6764 discovery redirects,
/// HTTP Basic authentication, body limits, and the translation between Hummingbird and the
/// framework-free `DAVRequest`/`DAVResponse`.
struct DAVMiddleware<Context: RequestContext>: RouterMiddleware {
    let engine: DAVServer
    let store: any CadenceStore
    /// Password checks with brute-force protection.
    let signIn: SignInGuard
    /// The per-user request rate limit, when configured.
    let rateLimiter: RequestRateLimiter?
    let configuration: Configuration
    /// Where writes are logged (issue 7).
    let syncLog: SyncLogRecorder
    /// WebDAV-Push registration and `Push-Dont-Notify` (issue 11), when push is on.
    var push: PushEndpoint? = nil
    /// Storage use per user, shared by every request's backend.
    let usage = UsageTracker()

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path == "/.well-known/caldav" || path == "/.well-known/caldav/"
            || path == "/.well-known/carddav"
            || path == "/.well-known/carddav/"
        {
            // 308 keeps the method and body (RFC 6764 §5; after a 301/302 clients resend PROPFIND
            // without its body or as GET).
            return Response(status: .permanentRedirect, headers: [.location: "/caldav/"])
        }
        let method = request.method.rawValue
        let isDAV =
            path == "/caldav" || path.hasPrefix("/caldav/")
            || (path == "/" && method != "GET" && method != "HEAD")
        guard isDAV else { return try await next(request, context) }

        let user: UserRecord
        switch await authenticate(request, context: context) {
        case .signedIn(let signedIn):
            user = signedIn
            ReadRouting.current?.signedIn(userID: signedIn.id)
        case .failed:
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: "Basic realm=\"Cadence\", charset=\"UTF-8\""],
                body: .init(byteBuffer: ByteBuffer(string: "authentication required\n")))
        case .blocked(let seconds):
            return Self.tooManyRequests(retryAfter: seconds, "too many failed sign-ins\n")
        }
        if let rateLimiter, await !rateLimiter.allow(user.name) {
            return Self.tooManyRequests(
                retryAfter: rateLimiter.retryAfterSeconds, "request rate limit exceeded\n")
        }
        guard let davPath = DAVPath(path) else {
            return Self.plain(.badRequest, "invalid request path\n")
        }
        let limit =
            method == "PUT" ? configuration.maximumObjectSize : configuration.maximumXMLBodySize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            await Self.discard(request.body, upTo: Self.discardLimit)
            return Self.tooLarge(method: method, limit: limit)
        }
        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: limit)
            body = Array(buffer.readableBytesView)
        } catch {
            // (The body's sequence is spent by `collect`; it cannot be drained again here.)
            return Self.tooLarge(method: method, limit: limit)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            if let existing = headers[name] {
                headers[name] = existing + ", " + field.value
            } else {
                headers[name] = field.value
            }
        }
        let davRequest = DAVRequest(method: method, path: davPath, headers: headers, body: body)
        // A delegate's request into the owner's calendar home is served as the owner's, with
        // the delegate's access (caldav-proxy.txt); everything else is the user's own.
        let backend = await GroupwareBackend.serving(
            davPath, for: user, store: store,
            limits: .init(
                maximumObjectSize: configuration.maximumObjectSize,
                maximumFileSize: configuration.maximumObjectSize,
                quotaBytes: configuration.quotaBytes),
            usage: usage)
        let davContext = DAVContext(
            userName: user.name, principal: CadencePaths.principal(user.name), request: davRequest)
        // The task a DELETE removes is known only before it goes (the sync log names it).
        // A delegate's writes are logged in the owner's sync log: the objects are the owner's.
        let served = backend.servedUser
        let deletedTaskID =
            method == "DELETE" && !davPath.trailingSlash
            ? await syncLog.taskID(at: davPath, ownerID: served.id, userName: served.name) : nil
        if configuration.debug,
            DAVBrowser.wants(
                method: method, accept: headers["accept"], query: request.uri.query)
        {
            // A page lists a whole collection: never on an event loop (`LoopOrPool`).
            let page = await withTaskExecutorPreference(globalConcurrentExecutor) {
                await DAVBrowser(engine: engine).page(
                    for: davRequest, context: davContext, backend: backend)
            }
            return Self.response(page, isHead: false)
        }
        // (Optional chaining rather than `if let push`, which binds a copy of the endpoint, a
        // struct of several references, on every request; no gain was measurable either way.)
        if let answer = await push?.handle(davRequest, user: user, backend: backend) {
            return Self.response(answer, isHead: false)
        }
        let suppression = await push?.beginSuppression(for: davRequest, user: user)
        let response = await engine.handle(davRequest, context: davContext, backend: backend)
        if let suppression {
            await push?.finishSuppression(suppression, request: davRequest, backend: backend)
        }
        if response.status >= 500 {
            context.logger.error("\(method) \(path) answered \(response.status)")
        }
        if var entry = SyncLogRecorder.davEntry(
            method: method, path: davPath, destination: headers["destination"], user: served,
            userAgent: headers["user-agent"], status: response.status)
        {
            var taskKnown = false
            if (200..<300).contains(response.status) {
                entry.taskID = deletedTaskID
                // A PUT into the user's own collection knows the task its write left.
                if method == "PUT", let stored = backend.storedTaskID {
                    entry.taskID = stored
                    taskKnown = true
                }
            }
            await syncLog.record(entry, taskKnown: taskKnown)
        }
        return Self.response(response, isHead: method == "HEAD")
    }

    func authenticate(_ request: Request, context: Context) async -> SignInGuard.Outcome {
        guard let header = request.headers[.authorization],
            let credentials = BasicCredentials.parse(header)
        else { return .failed }
        return await signIn.signIn(
            name: credentials.name, password: credentials.password,
            address: ClientAddress.of(
                request, context: context, trustProxy: configuration.trustProxy))
    }

    /// `429 Too Many Requests` with `Retry-After` (RFC 6585 §4).
    static func tooManyRequests(retryAfter seconds: Int, _ text: String) -> Response {
        Response(
            status: .tooManyRequests,
            headers: [
                .contentType: "text/plain; charset=utf-8", .retryAfter: String(seconds),
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func response(_ response: DAVResponse, isHead: Bool) -> Response {
        var fields = HTTPFields()
        var contentLength: String?
        for (name, value) in response.headers {
            if name.utf8.count == 14, name.lowercased() == "content-length" {
                contentLength = value
                continue
            }
            if let fieldName = Self.fieldName(name) {
                fields.append(HTTPField(name: fieldName, value: value))
            }
        }
        if isHead, let contentLength {
            fields[.contentLength] = contentLength
            return Response(status: .init(code: response.status), headers: fields)
        }
        if let stream = response.stream {
            // Chunked: each chunk goes out as it is made, so a large multistatus or export
            // never sits whole in memory. A failure now can only cut the connection.
            return Response(
                status: .init(code: response.status), headers: fields,
                body: ResponseBody { writer in
                    // Written after the request's handler has returned, so outside the executor
                    // it chose: a stream is a large answer (a multistatus, an export), made on
                    // the global executor even when the request began on an event loop.
                    try await withTaskExecutorPreference(globalConcurrentExecutor) {
                        try await stream.produce { chunk in
                            try await writer.write(ByteBuffer(bytes: chunk))
                        }
                    }
                    try await writer.finish(nil)
                })
        }
        return Response(
            status: .init(code: response.status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// The field name of a DAV response header. The engine's usual names are constants:
    /// `HTTPField.Name(_:)` checks each character and lowercases the name again for every
    /// header of every answer.
    static func fieldName(_ name: String) -> HTTPField.Name? {
        switch name {
        case "Content-Type": .contentType
        case "ETag": .eTag
        case "Last-Modified": .lastModified
        case "Location": .location
        default: HTTPField.Name(name)
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// How much of a refused body is read and dropped so that its sender gets to read the 413
    /// (HTTP/1.1 answers only after the request; a sender blocked on a full socket never would).
    static var discardLimit: Int { 64 << 20 }

    /// Reads and drops what is left of `body`, at most `limit` octets.
    static func discard(_ body: RequestBody, upTo limit: Int) async {
        var seen = 0
        do {
            for try await chunk in body {
                seen += chunk.readableBytes
                if seen > limit { return }
            }
        } catch {}
    }

    /// `413` for a body over `limit`. The answer closes the connection (RFC 9110 §15.5.14): what
    /// is left of the body is at most drained (`discard`, when the length was announced), never
    /// read into the request, and the connection cannot carry another request after it.
    static func tooLarge(method: String, limit: Int) -> Response {
        var answer: Response
        if method == "PUT" {
            let error = DAVError(
                status: 413,
                condition: .init(namespace: XMLNamespace.calDAV, name: "max-resource-size"),
                reason: "body larger than \(limit) octets")
            answer = response(.error(error), isHead: false)
        } else {
            answer = plain(.contentTooLarge, "request body larger than \(limit) octets\n")
        }
        answer.headers[.connection] = "close"
        return answer
    }
}
