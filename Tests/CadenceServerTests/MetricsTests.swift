import CadenceServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/metrics` (issue 7): absent without a token, 401 with a wrong one, and with the right one the
/// Prometheus text with request counters by method and status, latency histograms and store gauges.
@Suite struct MetricsTests {
    static func scrape(_ server: TestServer, token: String?) async throws -> (Int, String) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await server.client.execute(uri: "/metrics", method: .get, headers: headers) {
            (Int($0.status.code), String(buffer: $0.body))
        }
    }

    @Test func absentWithoutAConfiguredToken() async throws {
        try await TestServer.run { server in
            let (s1, _) = try await Self.scrape(server, token: nil)
            #expect(s1 == 404)
            let (s2, _) = try await Self.scrape(server, token: "anything")
            #expect(s2 == 404)
        }
    }

    @Test(arguments: StoreKind.allCases) func countsRequestsAndReportsTheStore(kind: StoreKind)
        async throws
    {
        var configuration = TestServer.configuration
        configuration.metricsToken = "scrape-secret-123"
        try await TestServer.run(kind, configuration: configuration) { server in
            let (s3, _) = try await Self.scrape(server, token: nil)
            #expect(s3 == 401)
            let (s4, _) = try await Self.scrape(server, token: "wrong")
            #expect(s4 == 401)
            let alice = server.dav("alice")
            let calendar = "/caldav/calendars/alice/crm-tasks/"
            #expect(try await alice.put(calendar + "m-1.ics", ICS.event(uid: "m-1")).status == 201)
            #expect(try await alice.get(calendar + "m-1.ics").status == 200)
            #expect(try await alice.get(calendar + "missing.ics").status == 404)

            let (status, text) = try await Self.scrape(server, token: "scrape-secret-123")
            #expect(status == 200)
            #expect(text.contains(#"cadence_http_requests_total{method="PUT",status="201"} 1"#))
            #expect(text.contains(#"cadence_http_requests_total{method="GET",status="200"} 1"#))
            #expect(text.contains(#"cadence_http_requests_total{method="GET",status="404"} 1"#))
            #expect(text.contains(#"cadence_http_requests_total{method="GET",status="401"} 2"#))
            #expect(
                text.contains(#"cadence_http_request_duration_seconds_count{method="PUT"} 1"#))
            #expect(text.contains("cadence_users 2"))
            let size = ICS.event(uid: "m-1").utf8.count
            #expect(text.contains(#"cadence_user_stored_bytes{user="alice"} \#(size)"#))
            #expect(text.contains(#"cadence_user_stored_bytes{user="bob"} 0"#))
        }
    }
}
