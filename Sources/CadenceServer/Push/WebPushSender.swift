import AsyncHTTPClient
import Foundation
import NIOCore
import Storage

/// One push message on its way to a push service (RFC 8030 §5): encrypted body, VAPID
/// authorization, `TTL`, `Urgency` and `Topic` headers.
struct WebPushRequest: Sendable {
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]

    /// Builds the request for `registration`: the body encrypted with its keys (RFC 8291),
    /// signed with `key` (RFC 8292).
    static func make(
        _ plaintext: [UInt8], to registration: PushRegistration, key: VAPIDKey, subject: String,
        ttl: Int, urgency: String, topicHeader: String?
    ) throws -> WebPushRequest {
        let encryption = try WebPushEncryption(
            publicKey: registration.subscription.publicKey,
            authSecret: registration.subscription.authSecret)
        let body = try encryption.encrypt(plaintext)
        guard let url = URL(string: registration.subscription.pushResource) else {
            throw PushKeyError(reason: "invalid push resource")
        }
        let authorization = try key.authorization(for: url, subject: subject)
        var headers: [(String, String)] = [
            ("Content-Type", "application/octet-stream"),
            ("Content-Encoding", "aes128gcm"),
            ("TTL", String(ttl)),
            ("Urgency", urgency),
            ("Authorization", authorization),
        ]
        if let topicHeader { headers.append(("Topic", topicHeader)) }
        return WebPushRequest(
            url: registration.subscription.pushResource, headers: headers, body: body)
    }
}

/// Sends push requests; the push service answers with a status (RFC 8030 §5: 201 accepted,
/// 404/410 the subscription is gone, 429/5xx try later).
protocol WebPushSending: Sendable {
    func send(_ request: WebPushRequest) async throws -> Int
}

/// `WebPushSending` over async-http-client, with a deadline per request.
struct HTTPWebPushSender: WebPushSending {
    let client: HTTPClient
    var timeout: TimeAmount = .seconds(10)

    func send(_ request: WebPushRequest) async throws -> Int {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let response = try await client.execute(outgoing, timeout: timeout)
        // Read (and drop) a bounded answer so that the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 << 10)
        return Int(response.status.code)
    }
}
