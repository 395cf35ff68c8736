import Storage
import StorageTesting
import Testing

@Suite struct StoreContractTests {
    @Test func checksHaveDistinctNames() {
        let names = StoreContract.checks.map(\.description)
        #expect(names.count == 77)
        #expect(Set(names).count == names.count)
    }

    @Test func collapsingKeepsLatestPerName() {
        let rows = [
            Change(collectionID: 1, token: 4, name: "a", kind: .created),
            Change(collectionID: 1, token: 5, name: "b", kind: .created),
            Change(collectionID: 1, token: 6, name: "a", kind: .deleted),
        ]
        #expect(
            ChangeSet.collapsing(rows, since: 3, currentToken: 6, limit: nil)
                == ChangeSet(changes: Array(rows[1...]), token: 6, isTruncated: false))
        #expect(
            ChangeSet.collapsing(rows, since: 0, currentToken: 6, limit: nil)
                == ChangeSet(changes: [rows[1]], token: 6, isTruncated: false))
        #expect(
            ChangeSet.collapsing(rows, since: 3, currentToken: 6, limit: 1)
                == ChangeSet(changes: [rows[1]], token: 5, isTruncated: true))
    }
}
