import Storage
import StorageTesting
import Testing

@Suite struct StorageErrorTests {
    @Test func errorCodesAreStable() {
        #expect(
            StoreContract.requiredErrorCodes.map(\.rawValue) == [
                "not-found", "conflict", "precondition-failed", "invalid-sync-token",
                "parent-missing", "invalid-name", "uid-conflict",
            ])
        #expect(StorageError.Code.engineFailure.rawValue == "engine-failure")
    }

    @Test func equalityIsByCode() {
        #expect(StorageError(.notFound, "a") == StorageError(.notFound, "b"))
        #expect(StorageError(.notFound, "a") != StorageError(.conflict, "a"))
    }
}

@Suite struct StorageErrorLocationTests {
    @Test func capturesTheSourceLocation() {
        let error = StorageError(.conflict, "x")
        #expect(error.fileID == "StorageTests/StorageErrorTests.swift")
        #expect(error.line == 23)
    }
}
