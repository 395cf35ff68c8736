import Storage
import StorageTesting
import Testing

@Suite struct InMemoryStoreTests {
    @Test(arguments: StoreContract.checks)
    func contract(_ check: StoreContract.Check) async throws {
        try await check.run(InMemoryStore(clock: StoreContract.clock))
    }
}
