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
