import ContentLine
import Testing

/// Regression: a property whose name and parameters exceed 75 octets is folded before its colon
/// (RFC 5545 §3.1 allows a fold anywhere). The lenient reader used to take such a first physical
/// line, which has no colon, for a continuation whose fold was forgotten, and glued the ATTENDEE
/// onto the ORGANIZER before it. Found by cadence-bench's round trip.
@Suite struct FoldBeforeColonTests {
    @Test func longParametersFoldedBeforeTheColonStartANewProperty() throws {
        let text =
            "ORGANIZER;CN=Ana:mailto:ana@example.com\r\n"
            + "ATTENDEE;CN=\"Doe, John\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRU\r\n"
            + " E:mailto:john@example.com\r\n"
        let lines = try ContentLineReader.readAll(Array(text.utf8))
        #expect(lines.map(\.name) == ["ORGANIZER", "ATTENDEE"])
        #expect(lines[0].value == "mailto:ana@example.com")
        #expect(lines[1].value == "mailto:john@example.com")
        #expect(lines[1].parameters.map(\.name) == ["CN", "ROLE", "PARTSTAT", "RSVP"])
        #expect(lines[1].parameter("RSVP")?.values == ["TRUE"])
        #expect(lines[1].parameter("CN")?.values == ["Doe, John"])
    }

    @Test func aLineWithoutNameAndColonStillContinuesTheOneBefore() throws {
        // What Outlook writes: a long DESCRIPTION wrapped without fold whitespace.
        let text =
            "DESCRIPTION:first part\r\nsecond part; no colon here\r\n more\r\nSUMMARY:x\r\n"
        let lines = try ContentLineReader.readAll(Array(text.utf8))
        #expect(lines.map(\.name) == ["DESCRIPTION", "SUMMARY"])
        #expect(lines[0].value == "first part\\nsecond part; no colon heremore")
    }

    @Test func writerOutputOfALongParameterListReadsBack() throws {
        let line = ContentLine(
            name: "ATTENDEE",
            parameters: [
                ContentLineParameter(name: "CN", value: "Zoë Łukasiewicz-Brzęczyszczykiewicz"),
                ContentLineParameter(name: "ROLE", value: "REQ-PARTICIPANT"),
                ContentLineParameter(name: "PARTSTAT", value: "NEEDS-ACTION"),
            ],
            value: "mailto:zoe@example.com")
        let text = "SUMMARY:before\r\n" + ContentLineWriter.string(line) + "SUMMARY:after\r\n"
        let lines = try ContentLineReader.readAll(Array(text.utf8))
        #expect(
            lines == [
                ContentLine(name: "SUMMARY", value: "before"), line,
                ContentLine(name: "SUMMARY", value: "after"),
            ])
    }
}
