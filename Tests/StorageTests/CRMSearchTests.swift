import Storage
import Testing

@Suite struct CRMSearchTests {
    @Test func phoneDigitsKeepOnlyASCIIDigits() {
        #expect(CRMSearch.phoneDigits("+1 (555) 010-1234") == "15550101234")
        #expect(CRMSearch.phoneDigits("ext. ٣") == "")
    }

    @Test func patternsAddTheDigitsOfPhoneLikeText() {
        #expect(CRMSearch.patterns(for: "  Ann ") == ["ann"])
        #expect(CRMSearch.patterns(for: "555-0101") == ["555-0101", "5550101"])
        #expect(CRMSearch.patterns(for: "5550101") == ["5550101"])
        #expect(CRMSearch.patterns(for: "bob2") == ["bob2"])
        #expect(CRMSearch.patterns(for: " ") == [])
    }

    @Test func searchTextOfAContact() {
        let contact = Contact(
            id: "c", ownerID: 1, name: "Ann SMITH", company: "Acme",
            emails: [LabeledValue(value: " Ann@Acme.TEST ")],
            phones: [LabeledValue(value: "+1 555"), LabeledValue(value: "n/a")])
        #expect(CRMSearch.searchText(of: contact) == "ann smith\nacme\nann@acme.test\n1555")
        #expect(CRMSearch.contains("ann smith", "n s"))
        #expect(!CRMSearch.contains("ann", "anna"))
    }

    @Test func limitsAreClamped() {
        #expect(CRMSearch.clampedLimit(-3) == 1)
        #expect(CRMSearch.clampedLimit(50) == 50)
        #expect(CRMSearch.clampedLimit(501) == 500)
    }

    @Test func cursorsRoundTripAndRejectGarbage() throws {
        for key in [
            SortKey(value: .text("zoë / ä+b"), id: "id-1"), SortKey(value: .integer(-5), id: "x"),
            SortKey(value: nil, id: ""),
        ] {
            #expect(try SortKey(cursor: key.cursor) == key)
            #expect(!key.cursor.contains("/") && !key.cursor.contains("+"))
        }
        #expect(throws: StorageError(.invalidName, "")) { try SortKey(cursor: "%%") }
        #expect(throws: StorageError(.invalidName, "")) { try SortKey(cursor: "e30") }
    }

    @Test func orderPutsNilLastInBothDirections() {
        let one = SortKey(value: .integer(1), id: "b")
        let two = SortKey(value: .integer(2), id: "a")
        let tie = SortKey(value: .integer(1), id: "c")
        let none = SortKey(value: nil, id: "0")
        #expect(one.precedes(two, descending: false))
        #expect(two.precedes(one, descending: true))
        #expect(one.precedes(tie, descending: false))
        #expect(tie.precedes(one, descending: true))
        #expect(two.precedes(none, descending: false))
        #expect(two.precedes(none, descending: true))
        #expect(!none.precedes(one, descending: true))
        #expect(
            SortKey(value: .text("B"), id: "").precedes(
                SortKey(value: .text("a"), id: ""), descending: false))
    }
}
