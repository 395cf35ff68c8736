import Testing

/// `/health` and `/ready` answer without credentials (issue 7).
@Suite struct HealthTests {
    @Test(arguments: StoreKind.allCases)
    func healthAndReadiness(_ kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let health = try await server.anonymous.get("/health")
            #expect(health.status == 200)
            #expect(health.text == "ok\n")
            let ready = try await server.anonymous.get("/ready")
            #expect(ready.status == 200)
            #expect(ready.text == "ready\n")
        }
    }
}
