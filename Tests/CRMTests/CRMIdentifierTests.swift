import Foundation
import Testing

@testable import CRM

/// `CRMIdentifier.make()`: lowercase version-4 UUIDs (RFC 9562 §5.4), each different.
@Suite struct CRMIdentifierTests {
    @Test func idsAreLowercaseVersion4UUIDs() throws {
        var seen = Set<String>()
        for _ in 0..<1_000 {
            let id = CRMIdentifier.make()
            let characters = Array(id)
            #expect(characters.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { characters[$0] == "-" })
            #expect(id.replacingOccurrences(of: "-", with: "").allSatisfy { $0.isHexDigit })
            #expect(id == id.lowercased())
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
            let parsed = try #require(UUID(uuidString: id))
            #expect(parsed.uuidString.lowercased() == id)
            seen.insert(id)
        }
        #expect(seen.count == 1_000)
    }
}
