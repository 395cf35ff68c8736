import Testing

@testable import CadenceServer

/// The API's value formats: ISO 8601 times with the task zone's offset, and RFC 7396 merge patch.
@Suite struct APIValueTests {
    @Test func formatsInTheTaskZone() {
        // 2026-12-01T09:00:00Z
        let utc: Int64 = 1_796_115_600
        #expect(
            APITime.format(utc, timeZone: "Europe/Berlin", allDay: false)
                == "2026-12-01T10:00:00+01:00")
        #expect(
            APITime.format(utc, timeZone: "America/New_York", allDay: false)
                == "2026-12-01T04:00:00-05:00")
        #expect(APITime.format(utc, timeZone: nil, allDay: false) == "2026-12-01T09:00:00Z")
        #expect(APITime.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(
            APITime.format(1_796_083_200, timeZone: "Europe/Berlin", allDay: true) == "2026-12-01")
    }

    @Test func parsesOffsetsZuluDatesAndZoneLocalTimes() {
        let utc: Int64 = 1_796_115_600
        #expect(
            APITime.parse("2026-12-01T10:00:00+01:00", timeZone: nil)
                == .init(utc: utc, isDate: false))
        #expect(
            APITime.parse("2026-12-01T09:00:00Z", timeZone: nil) == .init(utc: utc, isDate: false))
        #expect(
            APITime.parse("2026-12-01T09:00:00.250Z", timeZone: nil)
                == .init(utc: utc, isDate: false))
        #expect(
            APITime.parse("2026-12-01T04:00-0500", timeZone: nil) == .init(utc: utc, isDate: false))
        #expect(
            APITime.parse("2026-12-01T10:00:00", timeZone: "Europe/Berlin")
                == .init(utc: utc, isDate: false))
        #expect(
            APITime.parse("2026-12-01", timeZone: nil) == .init(utc: 1_796_083_200, isDate: true))
        #expect(APITime.parse("2026-12-01T10:00:00", timeZone: nil) == nil)
        #expect(APITime.parse("2026-02-30", timeZone: nil) == nil)
        #expect(APITime.parse("2026-12-01T25:00:00Z", timeZone: nil) == nil)
        #expect(APITime.parse("tomorrow", timeZone: nil) == nil)
        #expect(APITime.parse("2026-12-01T10:00:00+01:00x", timeZone: nil) == nil)
    }

    /// RFC 7396 Appendix A, a selection.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func mergePatch(target: String, patch: String, result: String) throws {
        let merged = try JSONValue.parse(Array(target.utf8))
            .merging(patch: try JSONValue.parse(Array(patch.utf8)))
        #expect(merged == (try JSONValue.parse(Array(result.utf8))))
    }

    @Test func jsonRoundTripsInOrderWithEscapes() throws {
        let text = #"{"b":[1,-2.5,true,null],"a":"x\"y\\z\n\u00e9\ud83d\ude00","c":{}}"#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value["a"] == .string("x\"y\\z\né😀"))
        #expect(
            String(decoding: value.encoded(), as: UTF8.self)
                == #"{"b":[1,-2.5,true,null],"a":"x\"y\\z\né😀","c":{}}"#)
        for bad in ["", "{", "[1,]", "01", "\"abc", "{\"a\" 1}", "tru", "1 2"] {
            #expect(throws: APIProblem.self) { try JSONValue.parse(Array(bad.utf8)) }
        }
    }

    @Test func contactETagRoundTrips() throws {
        #expect(try ContactResource.revision(ifMatch: "\"r12\"") == 12)
        #expect(try ContactResource.revision(ifMatch: nil) == nil)
        #expect(throws: APIProblem.self) { try ContactResource.revision(ifMatch: "\"abc\"") }
    }
}
