import Dispatch
import Foundation
import Storage
import Synchronization
import Testing

@testable import StorageSQLite

/// Runs jobs on one serial queue: stands in for one of the server's event loops.
final class SerialQueueExecutor: TaskExecutor {
    let queue = DispatchQueue(label: "sqlite-reader-wait-test")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A read that finds every reader connection busy waits on the global executor, never on the
/// executor it was called from: the server answers GETs on its event loops (issue 4), and a
/// blocked loop would stall every connection it serves.
@Suite struct SQLiteReaderWaitTests {
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
    }

    /// Holds every reader connection of `store` until `gate` is signalled once per connection.
    static func holdEveryReader(_ store: SQLiteStore, gate: DispatchSemaphore) {
        let held = DispatchSemaphore(value: 0)
        for _ in 0..<store.readers.count {
            // Threads of their own: blocked dispatch workers would starve the test's tasks.
            Thread.detachNewThread {
                _ = try? store.readers.read(transaction: false) { _ in
                    held.signal()
                    gate.wait()
                }
            }
        }
        for _ in 0..<store.readers.count { held.wait() }
    }

    @Test func aReadWithEveryReaderBusyLeavesItsExecutorFree() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path)
        let user = try await store.createUser(
            NewUser(name: "ann", email: "ann@example.com", displayName: "Ann", passwordHash: "h"))
        let gate = DispatchSemaphore(value: 0)
        Self.holdEveryReader(store, gate: gate)
        // The gate opens after two seconds in any case, so a broken build fails instead of
        // hanging.
        let opened = Flag()
        let readers = store.readers.count
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 2)
            opened.set()
            for _ in 0..<readers { gate.signal() }
        }

        let loop = SerialQueueExecutor()
        let read = Task {
            try await withTaskExecutorPreference(loop) { try await store.user(id: user.id) }
        }
        try await Task.sleep(for: .milliseconds(100))
        // The read is waiting for a reader now; the loop still runs other work at once.
        let ranWhileWaiting = await withTaskExecutorPreference(loop) {
            !opened.isSet
        }
        #expect(ranWhileWaiting)
        #expect(try await read.value?.name == "ann")
        let openedAtEnd = opened.isSet
        #expect(openedAtEnd)
    }
}
