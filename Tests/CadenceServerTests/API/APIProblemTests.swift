import Foundation
import HTTPTypes
import Testing

@testable import CadenceServer

/// RFC 9457 problems for malformed requests: bad JSON (with its position), wrong media type,
/// too large bodies, validation.
@Suite struct APIProblemTests {
    @Test func badJSONIs400WithPosition() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").post("/tokens", "{\"label\": x}")
            #expect(reply.status == 400)
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.string("title") == "Bad Request")
            #expect(
                reply.string("detail")
                    == "the body is not valid JSON: unexpected character at line 1, column 11")
            let multiline = try await server.api("alice").post(
                "/tokens", "{\n  \"label\": \"a\",\n}")
            #expect(
                multiline.string("detail")
                    == "the body is not valid JSON: expected a member name in quotes at line 3, column 1"
            )
        }
    }

    @Test func nonJSONBodyIs415() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").request(
                .post, "/tokens", headers: [("Content-Type", "text/plain")],
                body: Array("label=x".utf8))
            #expect(reply.status == 415)
            #expect(reply.string("type") == "urn:cadence:problem:unsupported-media-type")
        }
    }

    @Test func missingBodyIs400() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").post("/tokens")
            #expect(reply.status == 400)
            #expect(reply.string("detail") == "a JSON body is required")
        }
    }

    @Test func bodyOverOneMegabyteIs413() async throws {
        try await TestServer.run { server in
            let big = "{\"label\":\"" + String(repeating: "a", count: 1 << 20) + "\"}"
            let reply = try await server.api("alice").post("/tokens", big)
            #expect(reply.status == 413)
            #expect(reply.contentType == "application/problem+json")
        }
    }

    @Test func unknownOperationIs404Problem() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("alice").get("/nothing-here")
            #expect(reply.status == 404)
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.string("detail") == "no API operation at GET /api/v1/nothing-here")
            let wrongMethod = try await server.api("alice").put("/contacts", "{}")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.contentType == "application/problem+json")
            #expect(wrongMethod.headers[.allow] == "GET, POST")
            let wrongOnItem = try await server.api("alice").put("/tasks/abc", "{}")
            #expect(wrongOnItem.headers[.allow] == "GET, PATCH, DELETE")
        }
    }

    @Test func mergePatchMediaTypeIsJSON() {
        #expect(APIRouter.isJSON("application/merge-patch+json"))
        #expect(APIRouter.isJSON("application/json; charset=utf-8"))
        #expect(!APIRouter.isJSON("text/json"))
        #expect(!APIRouter.isJSON(nil))
    }

    @Test func problemBodyShape() throws {
        let problem = APIProblem.invalid("emails[1].value", "expected an e-mail address")
        #expect(
            String(decoding: problem.json.encoded(), as: UTF8.self)
                == #"{"type":"urn:cadence:problem:validation","title":"Unprocessable Content","status":422,"detail":"emails[1].value: expected an e-mail address","errors":[{"field":"emails[1].value","message":"expected an e-mail address"}]}"#
        )
    }
}
