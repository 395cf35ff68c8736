import ContentLine
import Testing
import VCard

@Suite struct VCardTests {
    @Test func groupsAndOrderRoundTrip() throws {
        let text =
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Example\r\nitem1.EMAIL;TYPE=work:ann@example.com\r\nEND:VCARD\r\n"
        let card = try VCard(parsing: text)
        #expect(card.property("EMAIL")?.group == "item1")
        #expect(card.property("EMAIL")?.parameter("type")?.value == "work")
        #expect(card.serialized() == text)
    }
}

/// FuzzVCard, 2026-12-06: a line before BEGIN:VCARD whose name holds spaces was kept as the
/// card's first property; written after BEGIN:VCARD it read back as BEGIN's continuation.
@Suite struct VCardFuzzRegressionTests {
    @Test func linesOutsideTheBlockAreNotProperties() throws {
        let text =
            "Bsoft Corporation//Outlook 16.0 MIMEDIR/IPTION:Agenda\r\nBEGIN:VCARD\r\n"
            + "VERSION:4.0\r\nFN:Jane\r\nEND:VCARD\r\nX-AFTER:ignored\r\n"
        let card = try VCard(parsing: text)
        #expect(card.properties.map(\.name) == ["VERSION", "FN"])
        #expect(try VCard(parsing: card.serialized()) == card)
    }

    @Test func textWithoutBeginIsMissingBegin() {
        let error = #expect(throws: ContentLineError.self) {
            _ = try VCard(parsing: "FN:Jane\r\nEMAIL:jane@example.com\r\n")
        }
        #expect(error?.code == .missingBegin)
    }
}
