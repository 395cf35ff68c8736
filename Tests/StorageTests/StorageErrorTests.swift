import Storage
import StorageTesting
import Testing

@Suite struct StorageErrorTests {
    @Test func errorCodesAreStable() {
        #expect(
            StoreContract.requiredErrorCodes.map(\.rawValue) == [
                "not-found", "conflict", "precondition-failed",
            ])
    }
}
