import Foundation
import Storage
import Testing

@testable import CadenceServer

/// `/connectors`: the caller's sync connectors (issue 6).
@Suite struct APIConnectorTests {
    @Test func createListAndRunWithoutEverShowingThePassword() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-connector-api-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TestServer.configuration
        configuration.dataDirectory = directory
        // Only this test's run: the background service would run the new connector on its own
        // (every 2 s) and, on a loaded machine, add a second failure.
        configuration.runsConnectorsInBackground = false
        try await TestServer.run(configuration: configuration) { server in
            let api = server.api("alice")
            let created = try await api.post(
                "/connectors",
                #"{"calendar":"crm-tasks","url":"http://127.0.0.1:9/dav/cal","user":"alice","password":"app-secret","policy":"remote-wins","interval":30}"#
            )
            #expect(created.status == 201)
            guard case .number(let number)? = created.json?["id"] else {
                Issue.record("no id in \(String(decoding: created.body, as: UTF8.self))")
                return
            }
            let id = JSONValue.number(number)
            #expect(created.string("url") == "http://127.0.0.1:9/dav/cal/")
            #expect(created.string("policy") == "remote-wins")
            #expect(created.string("direction") == "two-way")
            #expect(created.json?["password"] == nil)
            #expect(!String(decoding: created.body, as: UTF8.self).contains("app-secret"))
            #expect(FileManager.default.fileExists(atPath: directory + "/secret.key"))

            let listed = try await api.get("/connectors")
            #expect(listed.items.count == 1)
            #expect(listed.items.first?["id"] == id)
            #expect(try await server.api("bob").get("/connectors").items.isEmpty)

            let path = "/connectors/\(Int(number))/run"
            #expect(try await server.api("bob").post(path, "").status == 404)
            // Nothing listens on port 9: the run fails, and the connector says why.
            let run = try await api.post(path, "")
            #expect(run.status == 503)
            let after = try await api.get("/connectors")
            #expect(after.items.first?["failures"] == .number(1))
            #expect(after.items.first?["lastError"]?.stringValue?.contains("transport") == true)

            // Only the owner removes it; afterwards it is gone from the list and cannot run.
            let one = "/connectors/\(Int(number))"
            #expect(try await server.api("bob").delete(one).status == 404)
            #expect(try await api.delete(one).status == 204)
            #expect(try await api.get("/connectors").items.isEmpty)
            #expect(try await api.post(path, "").status == 404)
            #expect(try await api.delete(one).status == 404)

            let missing = try await api.post(
                "/connectors", #"{"calendar":"nope","url":"https://x/","user":"a","password":"b"}"#)
            #expect(missing.status == 404)
        }
    }
}
