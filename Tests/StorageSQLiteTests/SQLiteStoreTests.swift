import StorageSQLite
import StorageTesting
import Testing

@Suite struct SQLiteStoreTests {
    @Test func schemaVersionIsNotNegative() {
        #expect(SQLiteStore.schemaVersion >= 0)
    }
}
