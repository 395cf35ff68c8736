import HTTPTypes
import Hummingbird
import Testing

@testable import CadenceServer

/// CORS for browser clients and the security headers on every answer.
@Suite struct CORSTests {
    static let app = "https://app.example.com"

    static var configuration: Configuration {
        var configuration = TestServer.configuration
        configuration.corsOrigins = [app, "https://other.example.com"]
        return configuration
    }

    @Test func noOriginsConfiguredSendsNoCORSHeaders() async throws {
        try await TestServer.run { server in
            let reply = try await server.dav("alice").propfind(
                "/caldav/calendars/alice/", depth: "0", props: [.dav.displayName],
                headers: [("Origin", Self.app)])
            #expect(reply.status == 207)
            #expect(reply.header("Access-Control-Allow-Origin") == nil)
            #expect(reply.header("Access-Control-Allow-Credentials") == nil)
            let preflight = try await server.anonymous.request(
                "OPTIONS", "/caldav/",
                headers: [("Origin", Self.app), ("Access-Control-Request-Method", "PROPFIND")])
            #expect(preflight.status == 401)
            #expect(preflight.header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test func allowedOriginIsEchoedWithCredentials() async throws {
        try await TestServer.run(configuration: Self.configuration) { server in
            let reply = try await server.dav("alice").propfind(
                "/caldav/calendars/alice/", depth: "0", props: [.dav.displayName],
                headers: [("Origin", Self.app)])
            #expect(reply.status == 207)
            #expect(reply.header("Access-Control-Allow-Origin") == Self.app)
            #expect(reply.header("Access-Control-Allow-Credentials") == "true")
            #expect(reply.headers[values: .vary].contains("Origin"))
            #expect(reply.header("Access-Control-Expose-Headers") == "ETag, DAV, Location, Link")
            let api = try await server.api("alice").get("/me", headers: [("Origin", Self.app)])
            #expect(api.status == 200)
            #expect(api.headers[.accessControlAllowOrigin] == Self.app)
        }
    }

    @Test func deniedOriginGetsNothing() async throws {
        try await TestServer.run(configuration: Self.configuration) { server in
            let reply = try await server.dav("alice").propfind(
                "/caldav/calendars/alice/", depth: "0", props: [.dav.displayName],
                headers: [("Origin", "https://evil.example.com")])
            #expect(reply.status == 207)
            #expect(reply.header("Access-Control-Allow-Origin") == nil)
            #expect(reply.header("Access-Control-Allow-Credentials") == nil)
            let preflight = try await server.anonymous.request(
                "OPTIONS", "/caldav/",
                headers: [
                    ("Origin", "https://evil.example.com"),
                    ("Access-Control-Request-Method", "PROPFIND"),
                ])
            #expect(preflight.status == 401)
            #expect(preflight.header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test func preflightNeedsNoCredentials() async throws {
        try await TestServer.run(configuration: Self.configuration) { server in
            let reply = try await server.anonymous.request(
                "OPTIONS", "/caldav/calendars/alice/crm-tasks/",
                headers: [
                    ("Origin", Self.app), ("Access-Control-Request-Method", "REPORT"),
                    ("Access-Control-Request-Headers", "authorization, depth, content-type"),
                ])
            #expect(reply.status == 204)
            #expect(reply.header("Access-Control-Allow-Origin") == Self.app)
            #expect(reply.header("Access-Control-Allow-Credentials") == "true")
            #expect(
                reply.header("Access-Control-Allow-Methods")
                    == "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND, PROPPATCH, REPORT, "
                    + "MKCALENDAR, MKCOL, COPY, MOVE")
            #expect(
                reply.header("Access-Control-Allow-Headers")
                    == "Authorization, Content-Type, Depth, Destination, Overwrite, If-Match, "
                    + "If-None-Match, Prefer, Brief, Max-Age")
            #expect(reply.header("Access-Control-Max-Age") == "600")
            #expect(reply.header("WWW-Authenticate") == nil)
        }
    }

    @Test func davOptionsWithoutRequestMethodStaysAuthenticated() async throws {
        try await TestServer.run(configuration: Self.configuration) { server in
            let anonymous = try await server.anonymous.request(
                "OPTIONS", "/caldav/", headers: [("Origin", Self.app)])
            #expect(anonymous.status == 401)
            let signedIn = try await server.dav("alice").request(
                "OPTIONS", "/caldav/", headers: [("Origin", Self.app)])
            #expect(signedIn.status == 200)
            #expect(signedIn.header("DAV")?.contains("calendar-access") == true)
            #expect(signedIn.header("Access-Control-Allow-Origin") == Self.app)
        }
    }

    @Test func wildcardNeverComesWithCredentials() async throws {
        var configuration = TestServer.configuration
        configuration.corsOrigins = ["*"]
        try await TestServer.run(configuration: configuration) { server in
            let reply = try await server.dav("alice").propfind(
                "/caldav/calendars/alice/", depth: "0", props: [.dav.displayName],
                headers: [("Origin", "https://anywhere.example")])
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.header("Access-Control-Allow-Credentials") == nil)
            let preflight = try await server.anonymous.request(
                "OPTIONS", "/caldav/",
                headers: [
                    ("Origin", "https://anywhere.example"),
                    ("Access-Control-Request-Method", "PROPFIND"),
                ])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Credentials") == nil)
        }
    }

    @Test func securityHeadersOnEveryAnswer() async throws {
        try await TestServer.run { server in
            for reply in [
                try await server.anonymous.get("/"),
                try await server.anonymous.get("/health"),
                try await server.anonymous.get("/caldav/"),
                try await server.dav("alice").propfind(
                    "/caldav/", depth: "0", props: [.dav.displayName]),
                try await server.anonymous.get("/caldav/public/x.ics"),
            ] {
                #expect(reply.header("X-Content-Type-Options") == "nosniff")
                #expect(reply.header("Referrer-Policy") == "no-referrer")
                #expect(reply.header("X-Frame-Options") == nil)
            }
            let api = try await server.api("alice").get("/me")
            #expect(api.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func htmlAnswersCannotBeFramed() {
        var html: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        SecurityHeadersMiddleware<BasicRequestContext>.apply(to: &html)
        #expect(html[HTTPField.Name("X-Frame-Options")!] == "DENY")
        #expect(
            html[.contentSecurityPolicy]
                == "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
                + "base-uri 'none'; form-action 'self'")
        #expect(html[.xContentTypeOptions] == "nosniff")
        var text: HTTPFields = [.contentType: "text/calendar", .xContentTypeOptions: "custom"]
        SecurityHeadersMiddleware<BasicRequestContext>.apply(to: &text)
        #expect(text[.contentSecurityPolicy] == nil)
        #expect(text[.xContentTypeOptions] == "custom")
    }
}
