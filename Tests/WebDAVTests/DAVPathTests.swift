import Testing

@testable import WebDAV

/// Request paths and hrefs (RFC 3986 §3.3, RFC 4918 §8.3): parsed from bytes in one pass.
@Suite struct DAVPathTests {
    @Test func pathsAndAbsoluteURLs() throws {
        let path = try #require(DAVPath("/caldav/calendars/alice/bench/obj-0000001.ics"))
        #expect(path.segments == ["caldav", "calendars", "alice", "bench", "obj-0000001.ics"])
        #expect(!path.trailingSlash)
        let collection = try #require(DAVPath("/caldav/calendars/alice/bench/"))
        #expect(collection.trailingSlash)
        #expect(collection.contains(path))
        #expect(!path.contains(collection))
        #expect(DAVPath("http://example.com:8080/a/b.ics")?.segments == ["a", "b.ics"])
        #expect(DAVPath("https://example.com/a/")?.trailingSlash == true)
        #expect(DAVPath("http://example.com") == DAVPath(segments: [], trailingSlash: true))
        #expect(DAVPath("http://example.com?x=/y") == DAVPath(segments: [], trailingSlash: true))
        #expect(DAVPath("/") == DAVPath(segments: [], trailingSlash: true))
        // Empty segments are dropped; `.` is skipped.
        #expect(DAVPath("//a///b/./c") == DAVPath(segments: ["a", "b", "c"], trailingSlash: false))
        // A query is not part of the name; a `#` is a literal character.
        #expect(DAVPath("/a/b.ics?x=1/2")?.segments == ["a", "b.ics"])
        #expect(DAVPath("/a/?x")?.trailingSlash == true)
        #expect(DAVPath("/coll/#frag")?.segments == ["coll", "#frag"])
    }

    @Test func percentDecoding() throws {
        #expect(DAVPath("/a%20b/c%C3%A9.ics")?.segments == ["a b", "cé.ics"])
        #expect(DAVPath("/a%2fb") == nil)
        #expect(DAVPath("/a%00b") == nil)
        #expect(DAVPath("/a%2") == nil)
        #expect(DAVPath("/a%") == nil)
        #expect(DAVPath("/a%zz") == nil)
        #expect(DAVPath("/a%C3") == nil)
        #expect(DAVPath("/a/%2E%2E/b") == nil)
        #expect(DAVPath("/a/../b") == nil)
        #expect(DAVPath("/a/%2e/b")?.segments == ["a", "b"])
        #expect(DAVPath("/ünï/çødé")?.segments == ["ünï", "çødé"])
        #expect(DAVPath("a/b") == nil)
        #expect(DAVPath("") == nil)
        #expect(DAVPath("?x") == nil)
    }

    @Test func hrefRoundTrip() throws {
        for raw in ["/a%20b/c%C3%A9.ics", "/cal/x%40y.ics", "/a/b/", "/"] {
            let path = try #require(DAVPath(raw))
            #expect(DAVPath(path.href) == path)
        }
        #expect(DAVPath("/a b/")?.href == "/a%20b/")
    }
}
