import Foundation
import HTTPTypes
import Storage
import SyncConnector
import Testing

@testable import CadenceServer

/// `PATCH /connectors/{id}`, per-connector CA files and connector metrics (issues 6 and 7).
@Suite struct APIConnectorEditTests {
    static func run(
        metricsToken: String? = nil, _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-connector-edit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TestServer.configuration
        configuration.dataDirectory = directory
        configuration.metricsToken = metricsToken
        try await TestServer.run(configuration: configuration) { server in
            try await server.admin.addUser(
                name: "admin", email: "admin@example.com", password: TestServer.password("admin"),
                isAdmin: true)
            try await body(server)
        }
    }

    static func create(_ api: APITestClient, _ extra: String = "") async throws -> Int {
        let created = try await api.post(
            "/connectors",
            #"{"calendar":"crm-tasks","url":"http://127.0.0.1:9/dav/cal","user":"alice","password":"app-secret"\#(extra)}"#
        )
        #expect(created.status == 201)
        guard case .number(let number)? = created.json?["id"] else {
            Issue.record("no id in \(String(decoding: created.body, as: UTF8.self))")
            return -1
        }
        return Int(number)
    }

    @Test func patchChangesOnlyTheGivenFieldsAndValidatesThem() async throws {
        try await Self.run { server in
            let api = server.api("alice")
            let id = try await Self.create(api)
            let path = "/connectors/\(id)"
            #expect(try await server.api("bob").patch(path, #"{"interval":90}"#).status == 404)
            for body in [
                #"{"direction":"sideways"}"#, #"{"url":null}"#, #"{"url":"ftp://127.0.0.1/c/"}"#,
                #"{"interval":1}"#, #"{"enabled":"yes"}"#, #"{"policy":7}"#, #"[1]"#,
            ] {
                let reply = try await api.patch(path, body)
                #expect(reply.status == 422, "\(body)")
            }
            #expect(try await api.patch(path, "{").status == 400)
            // Only administrators name files on the server.
            #expect(try await api.patch(path, #"{"caFile":"/etc/hostname"}"#).status == 403)

            let edited = try await api.patch(
                path,
                #"{"policy":"local-wins","direction":"push-only","interval":120,"enabled":false,"user":"alice2","password":"new-app-secret"}"#
            )
            #expect(edited.status == 200)
            #expect(edited.string("policy") == "local-wins")
            #expect(edited.string("direction") == "push-only")
            #expect(edited.json?["interval"] == .number(120))
            #expect(edited.json?["enabled"] == .bool(false))
            #expect(edited.string("user") == "alice2")
            #expect(edited.string("url") == "http://127.0.0.1:9/dav/cal/")
            #expect(!String(decoding: edited.body, as: UTF8.self).contains("new-app-secret"))
            let store = try #require(server.store as? any ConnectorStore)
            let stored = try #require(try await store.connector(id: Int64(id)))
            #expect(stored.userName == "alice2")
            #expect(!stored.enabled)
            #expect(stored.interval == 120)
        }
    }

    @Test func aNewURLResetsTheSyncStateAndKeepsTheRest() async throws {
        try await Self.run { server in
            let api = server.api("alice")
            let id = Int64(try await Self.create(api, #","policy":"remote-wins""#))
            let store = try #require(server.store as? any ConnectorStore)
            // As after a sync: state rows, tokens, a failure.
            var connector = try #require(try await store.connector(id: id))
            connector.localToken = 7
            connector.remoteSyncToken = "tok-3"
            connector.remoteCTag = "c-3"
            connector.failures = 2
            try await store.updateConnector(connector)
            try await store.saveConnectorStates(
                connectorID: id,
                [
                    ConnectorObjectState(
                        localName: "a.ics", localETag: "\"l\"", remoteHref: "/dav/cal/a.ics",
                        remoteETag: "\"r\"")
                ], removing: [])

            // The same URL (without the slash) changes nothing.
            #expect(
                try await api.patch("/connectors/\(id)", #"{"url":"http://127.0.0.1:9/dav/cal"}"#)
                    .status == 200)
            #expect(try await store.connectorStates(connectorID: id).count == 1)
            #expect(try await store.connector(id: id)?.remoteSyncToken == "tok-3")

            let moved = try await api.patch(
                "/connectors/\(id)", #"{"url":"http://127.0.0.1:9/dav/other"}"#)
            #expect(moved.status == 200)
            #expect(moved.string("url") == "http://127.0.0.1:9/dav/other/")
            #expect(moved.json?["failures"] == .number(0))
            #expect(moved.string("policy") == "remote-wins")
            #expect(try await store.connectorStates(connectorID: id).isEmpty)
            connector = try #require(try await store.connector(id: id))
            #expect(connector.localToken == 0)
            #expect(connector.remoteSyncToken == nil)
            #expect(connector.remoteCTag == nil)
            #expect(
                try await store.connectorLog(connectorID: id, limit: 1).first?.action == "reset")
        }
    }

    @Test func administratorsSetAndClearAConnectorsCAFile() async throws {
        try await Self.run { server in
            let pem = FileManager.default.temporaryDirectory
                .appendingPathComponent("cadence-ca-\(UUID().uuidString).pem").path
            defer { try? FileManager.default.removeItem(atPath: pem) }
            try Data("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".utf8).write(
                to: URL(fileURLWithPath: pem))
            let api = server.api("admin")
            #expect(
                try await api.post(
                    "/connectors",
                    #"{"calendar":"crm-tasks","url":"https://127.0.0.1:9/c/","user":"a","password":"b","caFile":"/nonexistent/ca.pem"}"#
                ).status == 422)
            let id = try await Self.create(api, #","caFile":"\#(pem)""#)
            #expect(try await api.get("/connectors").items.first?["caFile"] == .string(pem))
            #expect(
                try await api.patch("/connectors/\(id)", #"{"caFile":"/nonexistent/ca.pem"}"#)
                    .status == 422)
            let cleared = try await api.patch("/connectors/\(id)", #"{"caFile":null}"#)
            #expect(cleared.status == 200)
            #expect(cleared.json?["caFile"] == .null)
            let again = try await api.patch("/connectors/\(id)", #"{"caFile":"\#(pem)"}"#)
            #expect(again.string("caFile") == pem)
        }
    }

    @Test func aConnectorsCAFileIsTheOneItsRunsTrust() async throws {
        try await Self.run { server in
            let api = server.api("admin")
            let id = try await Self.create(api)
            let store = try #require(server.store as? any ConnectorStore)
            var connector = try #require(try await store.connector(id: Int64(id)))
            // A CA file that does not exist: a TLS run fails on reading it, and says so.
            connector.remoteURL = "https://127.0.0.1:9/c/"
            connector.trustedCAFile = "/nonexistent/ca.pem"
            try await store.updateConnector(connector)
            let run = try await api.post("/connectors/\(id)/run", "")
            #expect(run.status == 503)
            let after = try #require(try await store.connector(id: Int64(id)))
            #expect(after.failures == 1)
            // The run read the connector's CA file (missing) before it even connected.
            #expect(after.lastError?.contains("noSuchFilesystemObject") == true)
        }
    }

    @Test func metricsCountRunsAndShowTheLag() async throws {
        try await Self.run(metricsToken: "scrape-secret-123") { server in
            let api = server.api("alice")
            let id = try await Self.create(api)
            #expect(try await api.post("/connectors/\(id)/run", "").status == 503)
            #expect(try await api.post("/connectors/\(id)/run", "").status == 503)
            let (status, text) = try await MetricsTests.scrape(server, token: "scrape-secret-123")
            #expect(status == 200)
            // The two runs asked for, and any the schedule started meanwhile: all failed.
            let runs = try #require(
                Self.sample(
                    text, #"cadence_connector_runs_total{connector="\#(id)",outcome="failed"}"#))
            #expect(runs >= 2)
            #expect(
                Self.sample(text, #"cadence_connector_runs_total{connector="\#(id)",outcome="ok"}"#)
                    == nil)
            #expect(Self.sample(text, #"cadence_connector_failures{connector="\#(id)"}"#) == runs)
            let lag = try #require(
                Self.sample(text, #"cadence_connector_lag_seconds{connector="\#(id)"}"#))
            #expect(lag >= 0 && lag < 600)
            #expect(Self.sample(text, "cadence_connectors") == 1)
        }
    }

    /// The value of the sample named exactly `name` (with its labels) in a text exposition.
    static func sample(_ text: String, _ name: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test func successfulRunsCountObjectsPushedAndPulled() {
        let metrics = ServerMetrics()
        var report = SyncReport()
        report.pushed = 3
        report.pulled = 5
        metrics.recordConnectorRun(4, .success(report))
        metrics.recordConnectorRun(4, .success(SyncReport()))
        metrics.recordConnectorRun(4, .failure(.notFound("x")))
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text.contains(#"cadence_connector_runs_total{connector="4",outcome="ok"} 2"#))
        #expect(text.contains(#"cadence_connector_runs_total{connector="4",outcome="failed"} 1"#))
        #expect(text.contains(#"cadence_connector_objects_total{connector="4",kind="pushed"} 3"#))
        #expect(text.contains(#"cadence_connector_objects_total{connector="4",kind="pulled"} 5"#))
    }
}
