import Foundation
import Groupware
import HTTPTypes
import Hummingbird
import Storage
import WebDAV

/// Answers `GET`/`HEAD /caldav/public/{token}.ics`, the subscription links, without credentials
/// and ahead of `DAVMiddleware` (which authenticates the rest of `/caldav/**`).
///
/// An unknown, revoked or malformed token is a bare 404. The answer carries a strong `ETag`
/// (`SubscriptionFeed.entityTag`: the calendar's sync token, no object read) and `Last-Modified`
/// (RFC 9110 §8.8); `If-None-Match` (or, without it, `If-Modified-Since`) answers 304 before any
/// object is read (RFC 9110 §13.1.2, §13.1.3, §13.2.2). `Cache-Control: private, max-age=<ttl>`
/// (RFC 9111 §5.2.2); `Content-Encoding: gzip` when `Accept-Encoding` allows it (RFC 9110 §8.4.1).
struct SubscriptionMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: any CadenceStore
    /// How long subscribers should wait between polls, in seconds.
    let ttlSeconds: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(SubscriptionLinks.pathPrefix),
            request.method == .get || request.method == .head
        else { return try await next(request, context) }
        guard let token = SubscriptionLinks.token(inPath: path),
            let link = try await store.subscriptionLink(tokenHash: SubscriptionLinks.hash(token)),
            let calendar = try await store.collection(id: link.collectionID)
        else { return Self.notFound }
        let gzip = GzipEncoding.accepts(request.headers[.acceptEncoding])
        let tag = SubscriptionFeed.entityTag(
            calendar: calendar, mode: link.mode, ttlSeconds: ttlSeconds)
        var headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8",
            .eTag: gzip ? Self.gzipTag(tag) : tag,
            .lastModified: HTTPDate.format(calendar.modifiedAt),
            .cacheControl: "private, max-age=\(ttlSeconds)",
            .vary: "Accept-Encoding",
        ]
        await touch(link)
        if Self.notModified(request.headers, tag: tag, modifiedAt: calendar.modifiedAt) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        var body = try await SubscriptionFeed.document(
            calendar: calendar, mode: link.mode, ttlSeconds: ttlSeconds, store: store)
        if gzip {
            if let compressed = GzipEncoding.compress(body) {
                body = compressed
                headers[.contentEncoding] = "gzip"
            } else {
                headers[.eTag] = tag
            }
        }
        headers[.contentLength] = String(body.count)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// 404 with no hint of why (unknown and revoked look the same).
    static var notFound: Response {
        Response(
            status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
    }

    /// The tag of the gzip-encoded representation (a strong tag names one representation).
    static func gzipTag(_ tag: String) -> String {
        String(tag.dropLast()) + "-gzip\""
    }

    /// Whether the request's validators match: `If-None-Match` (weak comparison, either
    /// encoding's tag, or `*`) when present, else `If-Modified-Since` not before `modifiedAt`.
    static func notModified(_ headers: HTTPFields, tag: String, modifiedAt: Int64) -> Bool {
        if let list = headers[.ifNoneMatch] {
            let opaque = tag.dropFirst().dropLast()
            for item in list.split(separator: ",") {
                var candidate = item.trimmingCharacters(in: .whitespaces)
                if candidate == "*" { return true }
                if candidate.hasPrefix("W/") { candidate.removeFirst(2) }
                guard candidate.count >= 2 else { continue }
                let inner = candidate.dropFirst().dropLast()
                if inner == opaque || inner == opaque + "-gzip" { return true }
            }
            return false
        }
        if let since = headers[.ifModifiedSince].flatMap({ HTTPDate.parse($0) }) {
            return modifiedAt <= since
        }
        return false
    }

    /// Stamps the link's last fetch at most once a minute (a write per poll would be most of a
    /// poll's cost).
    private func touch(_ link: SubscriptionLink) async {
        let now = Int64(Date().timeIntervalSince1970)
        if let last = link.lastFetchedAt, now - last < 60 { return }
        try? await store.touchSubscriptionLink(id: link.id)
    }
}
