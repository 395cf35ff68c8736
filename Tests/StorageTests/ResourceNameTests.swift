import Storage
import Testing

@Suite struct ResourceNameTests {
    @Test func withinChecksWholeSegments() {
        #expect(ResourceName.isWithin("files/sub", root: "files"))
        #expect(ResourceName.isWithin("files", root: "files"))
        #expect(!ResourceName.isWithin("filesystem", root: "files"))
        #expect(!ResourceName.isWithin("file", root: "files"))
        #expect(ResourceName.isWithin("anything", root: ""))
    }

    @Test func joinsPaths() {
        #expect(ResourceName.join("files/sub", "a.txt") == "files/sub/a.txt")
        #expect(ResourceName.join("", "a.txt") == "a.txt")
    }

    @Test func overlapTreatsNilAsUnbounded() {
        let open = ObjectIndex(componentType: "VEVENT", firstStart: 100, lastEnd: nil)
        #expect(open.mayOverlap(start: 1_000_000, end: nil))
        #expect(!open.mayOverlap(start: nil, end: 100))
        #expect(open.mayOverlap(start: nil, end: 101))
        let instant = ObjectIndex(componentType: "VEVENT", firstStart: 50, lastEnd: 50)
        #expect(instant.mayOverlap(start: 50, end: 51))
        #expect(!instant.mayOverlap(start: 51, end: 60))
    }
}
