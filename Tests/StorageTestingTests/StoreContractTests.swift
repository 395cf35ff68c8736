import StorageTesting
import Testing

@Suite struct StoreContractTests {
    @Test func listsTheRequiredCodes() {
        #expect(StoreContract.requiredErrorCodes.count == 3)
    }
}
