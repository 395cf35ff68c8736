import CRM
import Testing
import VCard

@Suite struct ContactMappingTests {
    static let phoneCard = """
        BEGIN:VCARD\r
        VERSION:3.0\r
        PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r
        N:Lovelace;Ada;;;\r
        FN:Ada Lovelace\r
        ORG:Analytical Engines;R&D\r
        EMAIL;type=INTERNET;type=WORK;type=pref:ada@example.com\r
        item1.EMAIL;type=INTERNET:ada@home.example\r
        item1.X-ABLabel:_$!<Other>!$_\r
        TEL;type=CELL;type=VOICE:+44 20 7946 0000\r
        TEL:no digits\r
        ADR;type=HOME:;;1 St James's Sq;London;;SW1Y 4JH;UK\r
        CATEGORIES:vip,uk\r
        X-SOCIALPROFILE;type=twitter:https://twitter.com/ada\r
        UID:phone-uid-1\r
        END:VCARD\r

        """

    @Test func projection() throws {
        let card = try VCard.validated(Self.phoneCard)
        let contact = ContactMapping.contact(from: card, id: "c1", ownerID: 7)
        #expect(contact.id == "c1")
        #expect(contact.ownerID == 7)
        #expect(contact.name == "Ada Lovelace")
        #expect(contact.company == "Analytical Engines")
        #expect(
            contact.emails == [
                LabeledValue(label: "work", value: "ada@example.com"),
                LabeledValue(label: nil, value: "ada@home.example"),
            ])
        #expect(contact.phones == [LabeledValue(label: "mobile", value: "+44 20 7946 0000")])
        #expect(contact.address?.street == "1 St James's Sq")
        #expect(contact.address?.postalCode == "SW1Y 4JH")
        #expect(contact.address?.region == nil)
        #expect(contact.tags == ["vip", "uk"])
    }

    @Test func crmEditPatchesOnlyMappedProperties() throws {
        let card = try VCard.validated(Self.phoneCard)
        var contact = ContactMapping.contact(from: card, id: "c1", ownerID: 7)
        contact.company = "Babbage & Co"
        contact.emails = [
            LabeledValue(label: "home", value: "ada@home.example"),
            LabeledValue(label: "work", value: "ada@new.example"),
        ]
        contact.title = "CTO"
        let patched = ContactMapping.card(for: contact, patching: card, updatedAt: 1_700_000_000)
        let text = patched.serialized()
        // Untouched: every unmapped line, the name lines, the grouped label, the phone lines.
        for kept in [
            "PRODID:-//Apple Inc.//iPhone OS 17.0//EN", "N:Lovelace;Ada;;;", "FN:Ada Lovelace",
            "item1.X-ABLABEL:_$!<Other>!$_", "TEL;TYPE=CELL;TYPE=VOICE:+44 20 7946 0000",
            "TEL:no digits", "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ada",
            "UID:phone-uid-1", "CATEGORIES:vip,uk",
        ] {
            #expect(text.contains(kept + "\r\n"), "\(kept)")
        }
        #expect(text.contains("ORG:Babbage & Co;R&D\r\n"))
        #expect(text.contains("TITLE:CTO\r\n"))
        // The home address keeps its group, gains the CRM's label; the work one is new.
        #expect(text.contains("item1.EMAIL;TYPE=home:ada@home.example\r\n"))
        #expect(text.contains("EMAIL;TYPE=work:ada@new.example\r\n"))
        #expect(!text.contains("ada@example.com"))
        #expect(text.contains("REV:20231114T221320Z\r\n"))
        #expect(text.contains("X-CADENCE-CONTACT-ID:c1\r\n"))
        // The projection of the patched card is the edited contact.
        let again = ContactMapping.contact(from: patched, id: "c1", ownerID: 7)
        #expect(again.emails == contact.emails)
        #expect(again.company == "Babbage & Co")
        #expect(again.title == "CTO")
    }

    @Test func newCardIsAValidVCard3() throws {
        let contact = Contact(
            id: "c2", ownerID: 1, name: "Grace Brewster Hopper", company: "Navy",
            emails: [LabeledValue(label: "work", value: "grace@navy.example")],
            phones: [LabeledValue(label: "mobile", value: "+1 555 0100")],
            address: PostalAddress(street: "1 Main; St", locality: "Arlington"),
            notes: "line one\nline two", tags: ["admiral"])
        let card = ContactMapping.card(for: contact, patching: nil, updatedAt: 0)
        let parsed = try VCard.validated(card.serialized())
        #expect(parsed.version == .v3)
        #expect(parsed.uid == "c2")
        #expect(parsed.structuredName?.family == "Hopper")
        #expect(parsed.structuredName?.given == "Grace Brewster")
        #expect(parsed.property("TEL")?.parameter("TYPE")?.value == "cell")
        #expect(parsed.revision == "19700101T000000Z")
        let back = ContactMapping.contact(from: parsed, id: "c2", ownerID: 1)
        #expect(back.emails == contact.emails)
        #expect(back.phones == contact.phones)
        #expect(back.address == contact.address)
        #expect(back.notes == contact.notes)
        #expect(back.tags == contact.tags)
        #expect(back.company == "Navy")
    }
}
