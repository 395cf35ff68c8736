import Storage
import Testing
import WebDAV

@testable import Groupware

/// A store failure is a 500 whose reason says nothing internal; the store's error goes only into
/// the detail that `--debug` shows.
@Suite struct StorageErrorDAVTests {
    @Test func anEngineFailureKeepsItsDetailOutOfTheReason() {
        let error = StorageError(.engineFailure, "disk I/O error on cadence.sqlite")
        let dav = error.davError
        #expect(dav.status == 500)
        #expect(!dav.reason.contains("disk I/O"))
        #expect(dav.detail?.contains("disk I/O error on cadence.sqlite") == true)
        #expect(dav.detail?.contains("StorageErrorDAVTests.swift") == true)
    }

    @Test func otherErrorsCarryNoDetail() {
        for code: StorageError.Code in [.notFound, .conflict, .preconditionFailed, .uidConflict] {
            #expect(StorageError(code, "why").davError.detail == nil)
        }
    }
}
