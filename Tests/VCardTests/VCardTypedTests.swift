import ContentLine
import Foundation
import Testing
import VCard

/// An iOS Contacts card (vCard 3.0): groups with `X-ABLabel`, `TYPE` lists with `pref`, an
/// inline JPEG, `X-` properties.
let iOSCard = """
    BEGIN:VCARD\r
    VERSION:3.0\r
    PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r
    N:Example;Ann;Marie;Dr.;\r
    FN:Dr. Ann Marie Example\r
    ORG:Acme\\, Inc.;Sales;\r
    TITLE:Head of Sales\r
    EMAIL;type=INTERNET;type=WORK;type=pref:ann@acme.example\r
    item1.EMAIL;type=INTERNET:ann@home.example\r
    item1.X-ABLabel:_$!<Other>!$_\r
    TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r
    ADR;type=WORK:;;1 Main St;Springfield;IL;62701;USA\r
    NOTE:Met at the fair\\, liked the demo.\\nCall back.\r
    CATEGORIES:Customer,VIP\r
    PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAgMEBQYHCAkKCwwNDg8QERITFBUWFx\r
     gZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj//2Q==\r
    X-SOCIALPROFILE;type=twitter:https://twitter.com/ann\r
    UID:7E2B6F4A-1C1D-4F0E-9E6B-0A1B2C3D4E5F\r
    REV:2026-12-06T10:00:00Z\r
    END:VCARD\r

    """

@Suite struct VCardTypedTests {
    @Test func iOSCardTypedAccess() throws {
        let card = try VCard.validated(iOSCard)
        #expect(card.version == .v3)
        #expect(card.formattedName == "Dr. Ann Marie Example")
        #expect(card.structuredName?.family == "Example")
        #expect(card.structuredName?.given == "Ann")
        #expect(card.structuredName?.prefixes == "Dr.")
        #expect(card.organization == ["Acme, Inc.", "Sales", ""])
        #expect(card.title == "Head of Sales")
        #expect(card.note == "Met at the fair, liked the demo.\nCall back.")
        #expect(card.categories == ["Customer", "VIP"])
        #expect(card.uid == "7E2B6F4A-1C1D-4F0E-9E6B-0A1B2C3D4E5F")
        #expect(card.revision == "2026-12-06T10:00:00Z")
        #expect(card.emails.map(\.value) == ["ann@acme.example", "ann@home.example"])
        #expect(card.emails[0].types == ["internet", "work"])
        #expect(card.emails[0].preference == 1)
        #expect(card.emails[1].group == "item1")
        #expect(card.phones.first?.value == "+1 555 0100")
        #expect(card.phones.first?.types == ["cell", "voice"])
        let address = try #require(card.addresses.first)
        #expect(address.street == "1 Main St")
        #expect(address.locality == "Springfield")
        #expect(address.postalCode == "62701")
        #expect(address.types == ["work"])
        guard case .data(let bytes, let mediaType)? = card.photo else {
            Issue.record("no inline photo")
            return
        }
        #expect(mediaType == "image/jpeg")
        #expect(bytes.prefix(3) == [0xFF, 0xD8, 0xFF])
    }

    @Test func serialisationIsLosslessForUnknownPropertiesGroupsAndPhoto() throws {
        let card = try VCard(parsing: iOSCard)
        let again = try VCard(parsing: card.serialized())
        #expect(again == card)
        #expect(again.property("X-SOCIALPROFILE")?.value == "https://twitter.com/ann")
        #expect(again.properties(named: "X-ABLABEL").first?.group == "item1")
        #expect(again.property("PHOTO")?.value == card.property("PHOTO")?.value)
    }

    @Test func threeToFourAndBack() throws {
        let v3 = try VCard(parsing: iOSCard)
        let v4 = v3.converted(to: .v4)
        #expect(v4.version == .v4)
        let photo = try #require(v4.property("PHOTO"))
        #expect(photo.parameters.isEmpty)
        #expect(photo.value.hasPrefix("data:image/jpeg;base64,/9j/4AAQ"))
        #expect(v4.photo == v3.photo)
        let email = try #require(v4.property("EMAIL"))
        #expect(email.parameter("TYPE")?.values == ["work"])
        #expect(email.parameter("PREF")?.value == "1")
        #expect(v4.property("X-SOCIALPROFILE") == v3.property("X-SOCIALPROFILE"))
        #expect(v4.properties(named: "X-ABLABEL") == v3.properties(named: "X-ABLABEL"))
        // Valid as a 4.0 card (no N needed), and back to 3.0 with the same photo bytes.
        _ = try VCard.validated(v4.serialized())
        let back = v4.converted(to: .v3)
        #expect(back.version == .v3)
        #expect(back.property("PHOTO")?.value == v3.property("PHOTO")?.value)
        #expect(back.property("PHOTO")?.parameter("ENCODING")?.value == "b")
        #expect(back.property("PHOTO")?.parameter("TYPE")?.value == "JPEG")
        #expect(back.emails[0].preference == 1)
        #expect(back.photo == v3.photo)
    }

    @Test func fourToThreeTelURIAndPhotoReference() throws {
        let text = """
            BEGIN:VCARD\r
            VERSION:4.0\r
            FN:Bo\r
            UID:urn:uuid:1\r
            TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+44-20-7946-0000\r
            PHOTO:https://example.com/bo.png\r
            END:VCARD\r

            """
        let v4 = try VCard.validated(text)
        #expect(v4.phones.first?.value == "+44-20-7946-0000")
        #expect(v4.photo == .uri("https://example.com/bo.png"))
        let v3 = v4.converted(to: .v3)
        let tel = try #require(v3.property("TEL"))
        #expect(tel.value == "+44-20-7946-0000")
        #expect(tel.parameter("VALUE") == nil)
        #expect(tel.parameter("TYPE")?.values == ["cell", "pref"])
        #expect(v3.property("PHOTO")?.parameter("VALUE")?.value == "uri")
        #expect(v3.photo == .uri("https://example.com/bo.png"))
        #expect(v4.converted(to: .v4) == v4)
    }

    @Test(arguments: [
        ("BEGIN:VCARD\r\nFN:A\r\nUID:1\r\nEND:VCARD\r\n", VCardError.Code.unsupportedVersion),
        ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nUID:1\r\nEND:VCARD\r\n", .unsupportedVersion),
        ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:1\r\nEND:VCARD\r\n", .missingProperty),
        ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEND:VCARD\r\n", .missingProperty),
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nUID:1\r\nEND:VCARD\r\n", .missingProperty),
        ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nUID:1\r\n", .missingBeginOrEnd),
        ("VERSION:4.0\r\nFN:A\r\nUID:1\r\nEND:VCARD\r\n", .missingBeginOrEnd),
        ("FN:A\r\n", .missingBeginOrEnd),
        (
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nUID:1\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\r\nUID:2\r\nEND:VCARD\r\n", .multipleCards
        ),
        (
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nUID:1\r\nUID:2\r\nEND:VCARD\r\n",
            .duplicateProperty
        ),
    ])
    func invalidCardsAreRefusedWithTheirReason(text: String, code: VCardError.Code) {
        let error = #expect(throws: VCardError.self) { _ = try VCard.validated(text) }
        #expect(error?.code == code)
    }
}
