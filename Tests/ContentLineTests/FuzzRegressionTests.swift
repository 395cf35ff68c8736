import ContentLine
import Testing

/// Inputs found by the libFuzzer targets in `Fuzz/` (issue 8), kept as regression tests.
@Suite struct FuzzRegressionTests {
    /// FuzzICalendar and FuzzVCard, 2026-12-06: a property name longer than 75 octets is folded
    /// inside the name with CRLF + space. The lenient look-ahead took the CR before the fold's LF
    /// for whitespace inside the name, so the line read as a fold-less continuation of the line
    /// before it (here BEGIN:VEVENT swallowed the property) — the round trip changed the object.
    @Test(arguments: [true, false])
    func nameFoldedWithCRLFStartsItsOwnLine(keepsCR: Bool) throws {
        let name = "X-" + String(repeating: "\u{15}", count: 110) + "-RBA"
        let line = ContentLine(name: name, value: "elf-1")
        var out = Array("BEGIN:VEVENT\r\n".utf8)
        ContentLineWriter.write(line, into: &out)
        let written = String(decoding: out, as: UTF8.self)
        #expect(written.contains("\r\n "), "the writer folds inside the long name")
        let bytes = keepsCR ? out : out.filter { $0 != 0x0D }
        let lines = try ContentLineReader.readAll(bytes)
        #expect(lines.map(\.name) == ["BEGIN", name])
        #expect(lines.first?.value == "VEVENT")
        #expect(lines.last?.value == "elf-1")
    }
}

/// FuzzICalendar and FuzzVCard, 2026-12-06: a lone CR inside a line (`TZID=a\rb`,
/// `type=IN\rTERNET`, `T093000\rION:2.0`) was kept in the value; the writer cannot write it back
/// in place (it renders `^n` in a parameter, and ends lines with CRLF), so the round trip changed
/// the object. A lone CR now ends the line, as an old Mac line end.
@Suite struct LoneCarriageReturnTests {
    @Test func aLoneCREndsTheLineAndTheRoundTripKeepsIt() throws {
        let text = Array("SUMMARY:one\rDESCRIPTION;X-P=a:two\r\nLOCATION:three\r".utf8)
        let first = try ContentLineReader.readAll(text)
        #expect(first.map(\.name) == ["SUMMARY", "DESCRIPTION", "LOCATION"])
        #expect(first.map(\.value) == ["one", "two", "three"])
        var out: [UInt8] = []
        for line in first { ContentLineWriter.write(line, into: &out) }
        #expect(try ContentLineReader.readAll(out) == first)
    }
}

/// FuzzICalendar and FuzzVCard, 2026-12-06: an empty line between a line and its fold cut the
/// fold off; the orphaned continuation became a line of its own, which read differently after a
/// round trip. Empty lines before a fold are now skipped, by the look-ahead too.
@Suite struct EmptyLineBeforeFoldTests {
    @Test(arguments: ["\r\n", "\n"])
    func aFoldAfterEmptyLinesStillContinues(lineEnd: String) throws {
        let text =
            ["DESCRIPTION:one", "", "", " two", "ATTENDEE;CN=Ann;RSVP=TRU", "", " E:mailto:a@x"]
            .joined(separator: lineEnd) + lineEnd
        let first = try ContentLineReader.readAll(Array(text.utf8))
        #expect(first.map(\.name) == ["DESCRIPTION", "ATTENDEE"])
        #expect(first[0].value == "onetwo")
        #expect(first[1].parameter("RSVP")?.values == ["TRUE"])
        var out: [UInt8] = []
        for line in first { ContentLineWriter.write(line, into: &out) }
        #expect(try ContentLineReader.readAll(out) == first)
    }
}
