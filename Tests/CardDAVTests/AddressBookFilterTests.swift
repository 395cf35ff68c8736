import CardDAV
import Foundation
import Testing
import VCard
import WebDAV

@Suite struct AddressBookFilterTests {
    static let ann = try! VCard.validated(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:1\r\nN:Example;Ann;;;\r\nFN:Ann Example\r\n"
            + "EMAIL;TYPE=INTERNET,WORK:Ann@Example.com\r\nTEL;TYPE=CELL:+1 555 0100\r\n"
            + "NOTE:a\\, b\r\nEND:VCARD\r\n")

    static func parse(_ xml: String) throws -> AddressBookFilter {
        try AddressBookFilter(
            XMLReader.parse(
                Array(
                    #"<CR:filter xmlns:CR="urn:ietf:params:xml:ns:carddav" \#(xml)</CR:filter>"#
                        .utf8)))
    }

    @Test(arguments: [
        (
            #"><CR:prop-filter name="EMAIL"><CR:text-match>ann@example</CR:text-match></CR:prop-filter>"#,
            true
        ),
        (
            #"><CR:prop-filter name="EMAIL"><CR:text-match collation="i;octet">ann@example</CR:text-match></CR:prop-filter>"#,
            false
        ),
        (
            #"><CR:prop-filter name="EMAIL"><CR:text-match collation="i;ascii-casemap" match-type="equals">ann@example.com</CR:text-match></CR:prop-filter>"#,
            true
        ),
        (
            #"><CR:prop-filter name="FN"><CR:text-match match-type="starts-with">ann</CR:text-match></CR:prop-filter>"#,
            true
        ),
        (
            #"><CR:prop-filter name="FN"><CR:text-match match-type="ends-with">ann</CR:text-match></CR:prop-filter>"#,
            false
        ),
        (
            #"><CR:prop-filter name="FN"><CR:text-match negate-condition="yes">zed</CR:text-match></CR:prop-filter>"#,
            true
        ),
        (
            #"><CR:prop-filter name="NOTE"><CR:text-match match-type="equals">a, b</CR:text-match></CR:prop-filter>"#,
            true
        ),
        (#"><CR:prop-filter name="item1.EMAIL"/>"#, true),
        (#"><CR:prop-filter name="NICKNAME"/>"#, false),
        (#"><CR:prop-filter name="NICKNAME"><CR:is-not-defined/></CR:prop-filter>"#, true),
        (
            #"><CR:prop-filter name="EMAIL"><CR:param-filter name="TYPE"><CR:text-match match-type="equals">work</CR:text-match></CR:param-filter></CR:prop-filter>"#,
            true
        ),
        (
            #"><CR:prop-filter name="EMAIL"><CR:param-filter name="TYPE"><CR:text-match match-type="equals">home</CR:text-match></CR:param-filter></CR:prop-filter>"#,
            false
        ),
        (
            #"><CR:prop-filter name="EMAIL"><CR:param-filter name="PREF"><CR:is-not-defined/></CR:param-filter></CR:prop-filter>"#,
            true
        ),
        (
            #"><CR:prop-filter name="FN" test="allof"><CR:text-match>ann</CR:text-match><CR:text-match>zed</CR:text-match></CR:prop-filter>"#,
            false
        ),
        (
            #"><CR:prop-filter name="FN" test="anyof"><CR:text-match>ann</CR:text-match><CR:text-match>zed</CR:text-match></CR:prop-filter>"#,
            true
        ),
        (#"test="allof"><CR:prop-filter name="FN"/><CR:prop-filter name="NICKNAME"/>"#, false),
        (#"test="anyof"><CR:prop-filter name="FN"/><CR:prop-filter name="NICKNAME"/>"#, true),
        (#">"#, true),
    ])
    func filterMatches(xml: String, expected: Bool) throws {
        let filter = try Self.parse(xml)
        #expect(filter.matches(Self.ann) == expected)
        // The byte pre-filter never drops a match, the card folded or not.
        let folded = Self.ann.serialized().replacingOccurrences(of: "Example", with: "Exa\r\n mple")
        if expected {
            #expect(filter.mayMatch(Array(Self.ann.serialized().utf8)))
            #expect(filter.mayMatch(Array(folded.utf8)))
        }
    }

    @Test func prefilterSkipsCardsThatCannotMatch() throws {
        let filter = try Self.parse(
            #"><CR:prop-filter name="EMAIL"><CR:text-match match-type="equals">zed@example.com</CR:text-match></CR:prop-filter>"#
        )
        #expect(!filter.mayMatch(Array(Self.ann.serialized().utf8)))
        let octet = try Self.parse(
            #"><CR:prop-filter name="EMAIL"><CR:text-match collation="i;octet">ann@</CR:text-match></CR:prop-filter>"#
        )
        #expect(!octet.mayMatch(Array(Self.ann.serialized().utf8)))
        let folded = Array("BEGIN:VCARD\r\nEMAIL:ze\r\n d@example.com\r\nEND:VCARD\r\n".utf8)
        #expect(filter.mayMatch(folded))
    }

    @Test(arguments: [
        (
            #"><CR:prop-filter name="FN"><CR:text-match collation="i;klingon">x</CR:text-match></CR:prop-filter>"#,
            "supported-collation"
        ),
        (
            #"><CR:prop-filter name="FN"><CR:text-match match-type="near">x</CR:text-match></CR:prop-filter>"#,
            "valid-filter"
        ),
        (#"test="some"><CR:prop-filter name="FN"/>"#, "valid-filter"),
        (#"><CR:prop-filter><CR:is-not-defined/></CR:prop-filter>"#, "valid-filter"),
        (
            #"><CR:prop-filter name="FN"><CR:is-not-defined/><CR:text-match>x</CR:text-match></CR:prop-filter>"#,
            "valid-filter"
        ),
        (#"><CR:comp-filter name="VCARD"/>"#, "supported-filter"),
    ])
    func badFiltersNameTheirPrecondition(xml: String, condition: String) {
        let error = #expect(throws: DAVError.self) { _ = try Self.parse(xml) }
        #expect(error?.status == 403)
        #expect(error?.condition?.name == condition)
        #expect(error?.condition?.namespace == XMLNamespace.cardDAV)
    }

    @Test func addressDataConvertsAndSelects() throws {
        let element = try XMLReader.parse(
            Array(
                #"<CR:address-data xmlns:CR="urn:ietf:params:xml:ns:carddav" version="4.0"><CR:prop name="EMAIL"/><CR:prop name="fn"/></CR:address-data>"#
                    .utf8))
        let request = try AddressDataRequest(element)
        #expect(request.version == .v4)
        #expect(request.propertyNames == ["EMAIL", "FN"])
        let text = try #require(request.apply(to: Array(Self.ann.serialized().utf8)))
        #expect(
            text
                == "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Example\r\nEMAIL;TYPE=work:Ann@Example.com\r\nEND:VCARD\r\n"
        )
        let whole = AddressDataRequest()
        let stored = Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n".utf8)
        #expect(whole.apply(to: stored) == String(decoding: stored, as: UTF8.self))
        for bad in [
            #"<CR:address-data xmlns:CR="urn:ietf:params:xml:ns:carddav" version="2.1"/>"#,
            #"<CR:address-data xmlns:CR="urn:ietf:params:xml:ns:carddav" content-type="application/vcard+json"/>"#,
        ] {
            let error = #expect(throws: DAVError.self) {
                _ = try AddressDataRequest(XMLReader.parse(Array(bad.utf8)))
            }
            #expect(error?.condition?.name == "supported-address-data")
        }
    }
}
