import Testing

@testable import WebDAV

/// The `If` header grammar and evaluation (RFC 4918 §10.4) without locks.
@Suite struct IfHeaderTests {
    static let path = DAVPath("/cal/a.ics")!

    @Test(arguments: [
        "(<garbage", "(<urn:x> [\"e\"", "(Not <urn:x>", "", "   ", "()", "<http://x/a>",
        "(foo)", "([unquoted])", "(<>)", "(<urn:a>) <http://x/b> (<urn:b>)", "x (<urn:a>)",
    ])
    func malformedIs400(text: String) {
        let error = #expect(throws: DAVError.self) { _ = try IfHeader(parsing: text) }
        #expect(error?.status == 400)
    }

    @Test func noLockMeansStateTokensNeverMatch() throws {
        #expect(
            try !IfHeader(parsing: "(<urn:uuid:1>)").isSatisfied(path: Self.path, etag: "\"e\""))
        #expect(try IfHeader(parsing: "(Not <urn:uuid:1>)").isSatisfied(path: Self.path, etag: nil))
        #expect(try !IfHeader(parsing: "(<DAV:no-lock>)").isSatisfied(path: Self.path, etag: nil))
        #expect(
            try IfHeader(parsing: "(<urn:uuid:1>) (Not <DAV:no-lock>)")
                .isSatisfied(path: Self.path, etag: nil))
    }

    @Test func entityTagsCompareWithTheCurrentETag() throws {
        let header = try IfHeader(parsing: #"(["abc"])"#)
        #expect(header.isSatisfied(path: Self.path, etag: "\"abc\""))
        #expect(!header.isSatisfied(path: Self.path, etag: "\"other\""))
        #expect(!header.isSatisfied(path: Self.path, etag: nil))
        #expect(
            try IfHeader(parsing: #"(Not ["abc"])"#).isSatisfied(path: Self.path, etag: "\"x\""))
        // A weak entity tag never matches: the If header compares strongly.
        #expect(
            try !IfHeader(parsing: #"([W/"abc"])"#).isSatisfied(path: Self.path, etag: "\"abc\""))
    }

    @Test func taggedListsApplyToTheirResource() throws {
        let mine = try IfHeader(parsing: #"</cal/a.ics> (["abc"])"#)
        #expect(mine.isSatisfied(path: Self.path, etag: "\"abc\""))
        let other = try IfHeader(parsing: #"<http://host/cal/b.ics> (["abc"])"#)
        #expect(!other.isSatisfied(path: Self.path, etag: "\"abc\""))
    }

    @Test func writePreconditionCombinesIfAndIfMatch() {
        let request = DAVRequest(
            method: "PUT", path: Self.path,
            headers: ["if": #"(["abc"])"#, "if-match": "\"abc\""])
        let precondition = WritePrecondition(request)
        #expect(precondition.isSatisfied(currentETag: "\"abc\""))
        #expect(!precondition.isSatisfied(currentETag: "\"new\""))
    }
}
