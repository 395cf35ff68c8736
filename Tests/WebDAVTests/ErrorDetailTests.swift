import Testing
import WebDAV

/// `DAVError.detail` (the server's `--debug`): shown only by an engine that exposes details,
/// in a `<D:error>` body's `responsedescription` or a text body's second line.
@Suite struct ErrorDetailTests {
    /// A method that fails with an internal detail, as a store failure does.
    struct FailingMethod: MethodHandler {
        let method = "GET"
        let error: DAVError

        func handle(
            _ request: DAVRequest, context: DAVContext, server: DAVServer,
            backend: any DAVBackend
        ) async throws(DAVError) -> DAVResponse {
            throw error
        }
    }

    @Test(arguments: [false, true])
    func internalDetailsShowOnlyWhenExposed(_ exposed: Bool) async throws {
        for condition in [nil, DAVError.Condition(namespace: XMLNamespace.dav, name: "x")] {
            let error = DAVError(
                status: 500, condition: condition, reason: "the store failed",
                detail: "SQLITE_CORRUPT at Secret.swift:12")
            var engine = DAVServer(
                methods: [FailingMethod(error: error)], providers: [], reports: [],
                complianceClasses: "1")
            engine.exposesErrorDetails = exposed
            let request = DAVRequest(method: "GET", path: try #require(DAVPath("/x")))
            let response = await engine.handle(
                request,
                context: DAVContext(
                    userName: "alice", principal: try #require(DAVPath("/p/")), request: request),
                backend: MemoryBackend())
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(response.status == 500)
            #expect(text.contains("SQLITE_CORRUPT at Secret.swift:12") == exposed)
            #expect(text.contains("the store failed") == (exposed || condition == nil))
        }
    }
}
