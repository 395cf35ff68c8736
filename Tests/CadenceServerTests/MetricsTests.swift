import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import Testing

@testable import CadenceServer

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
            #expect(text.contains(#"cadence_user_objects{user="alice"} 1"#))
            #expect(text.contains(#"cadence_user_objects{user="bob"} 0"#))
        }
    }

    @Test func countsSyncCollectionsInitialAndIncremental() async throws {
        var configuration = TestServer.configuration
        configuration.metricsToken = "scrape-secret-123"
        try await TestServer.run(configuration: configuration) { server in
            let alice = server.dav("alice")
            let calendar = "/caldav/calendars/alice/crm-tasks/"
            let first = try await alice.syncCollection(calendar, token: "").multiStatus()
            let token = try #require(first.syncToken)
            _ = try await alice.syncCollection(calendar, token: token)
            _ = try await alice.syncCollection(calendar, token: token)
            _ = try await alice.multiget(calendar, hrefs: [calendar + "none.ics"])
            let (_, text) = try await Self.scrape(server, token: "scrape-secret-123")
            #expect(text.contains(#"cadence_sync_collection_requests_total{kind="initial"} 1"#))
            #expect(
                text.contains(#"cadence_sync_collection_requests_total{kind="incremental"} 2"#))
        }
    }

    @Test func requestsRecordedConcurrentlyAreAllCountedUnderTheirOwnLabels() async {
        let metrics = ServerMetrics()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<250 {
                        metrics.recordRequest(
                            method: task % 2 == 0 ? "GET" : "BREW",
                            status: index % 5 == 0 ? 404 : 200, duration: .milliseconds(3))
                    }
                }
            }
        }
        let text = String(decoding: metrics.registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"cadence_http_requests_total{method="GET",status="200"} 800"#))
        #expect(text.contains(#"cadence_http_requests_total{method="GET",status="404"} 200"#))
        #expect(text.contains(#"cadence_http_requests_total{method="other",status="200"} 800"#))
        #expect(text.contains(#"cadence_http_requests_total{method="other",status="404"} 200"#))
        #expect(text.contains(#"cadence_http_request_duration_seconds_count{method="GET"} 1000"#))
        #expect(
            text.contains(#"cadence_http_request_duration_seconds_count{method="other"} 1000"#))
        #expect(!text.contains("BREW"))
    }

    @Test func cleanupServicesReportRunsAndPurges() async throws {
        let store = InMemoryStore()
        let metrics = ServerMetrics()
        let logger = Logger(label: "test")
        await ChangeLogRetentionService(
            store: store, retentionSeconds: 60, interval: 3_600, logger: logger, metrics: metrics
        ).pruneOnce(now: Date(timeIntervalSince1970: 1_900_000_000))
        await TrashCleanupService(
            store: store, retentionSeconds: 60, interval: 3_600, logger: logger, metrics: metrics
        ).purgeOnce()
        let syncLog = SyncLogService(
            recorder: SyncLogRecorder(store: store), store: store, retentionSeconds: 60,
            flushInterval: 1, purgeInterval: 3_600, logger: logger, metrics: metrics)
        await syncLog.purgeOnce()
        await syncLog.purgeOnce()
        let text = String(decoding: metrics.registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"cadence_cleanup_runs_total{service="change_log"} 1"#))
        #expect(text.contains(#"cadence_cleanup_runs_total{service="trash"} 1"#))
        #expect(text.contains(#"cadence_cleanup_runs_total{service="sync_log"} 2"#))
        #expect(
            text.contains(
                #"cadence_cleanup_last_run_timestamp_seconds{service="change_log"} 1900000000"#))
        for kind in ["change_log", "trash", "sync_log", "auth_failures"] {
            #expect(text.contains(#"cadence_purged_total{kind="\#(kind)"} 0"#), "\(kind)")
        }
    }
}

/// `--metrics-port`: a second listener serving `/metrics` without a token, beside the main one.
@Suite struct MetricsPortTests {
    @Test func aMetricsPortServesMetricsWithoutAToken() async throws {
        var configuration = TestServer.configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let port = Int.random(in: 40_000..<60_000)
        configuration.metricsPort = port
        var logger = Logger(label: "cadence-test")
        logger.logLevel = .warning
        let app = buildApplication(
            configuration: configuration, store: InMemoryStore(), logger: logger)
        try await app.test(.live) { client in
            // The main listener has no /metrics without a token.
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
            // The metrics listener starts beside the main one: ask until it answers (5 s).
            var answer: TestClient.Response?
            for _ in 0..<50 where answer == nil {
                let metricsClient = TestClient(host: "127.0.0.1", port: port)
                metricsClient.connect()
                answer = try? await metricsClient.execute(.init("/metrics", method: .get))
                try? await metricsClient.shutdown()
                if answer == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let response = try #require(answer)
            #expect(response.status == .ok)
            let text = response.body.map { String(buffer: $0) } ?? ""
            #expect(text.contains("cadence_users 0"))
            #expect(text.contains(#"cadence_http_requests_total{method="GET",status="404"} 1"#))
        }
    }
}
