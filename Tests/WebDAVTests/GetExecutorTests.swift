import Dispatch
import Synchronization
import Testing
import WebDAV

/// Runs jobs on one serial queue: stands in for the server's event loop.
final class QueueExecutor: TaskExecutor {
    let queue = DispatchQueue(label: "get-executor-test")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Where GET reads a body: a small object where the request runs (the server keeps those on the
/// connection's event loop), a large object on the global executor, so that converting it never
/// holds up the loop's other connections.
@Suite struct GetExecutorTests {
    final class Seen: Sendable {
        let executors = Mutex<[UnownedTaskExecutor?]>([])
        func record() {
            let current = withUnsafeCurrentTask { $0?.unownedTaskExecutor }
            executors.withLock { $0.append(current) }
        }
        func taken() -> [UnownedTaskExecutor?] { executors.withLock { $0 } }
    }

    @Test func largeObjectsAreReadOnTheGlobalExecutor() async throws {
        let seen = Seen()
        var backend = MemoryBackend()
        backend.onContent = { seen.record() }
        let server = DAVServer(
            methods: [GetMethod(), GetMethod(headOnly: true), PutMethod()], providers: [],
            reports: [], complianceClasses: "1")
        func send(_ method: String, _ path: String, body: [UInt8] = []) async -> DAVResponse {
            let request = DAVRequest(method: method, path: DAVPath(path)!, headers: [:], body: body)
            let context = DAVContext(
                userName: "ann", principal: DAVPath("/principals/ann/")!, request: request)
            return await server.handle(request, context: context, backend: backend)
        }
        let large = [UInt8](repeating: 0x61, count: 300 * 1024)
        #expect(await send("PUT", "/small.txt", body: Array("hello".utf8)).status == 201)
        #expect(await send("PUT", "/large.txt", body: large).status == 201)

        let loop = QueueExecutor()
        let (small, big) = await withTaskExecutorPreference(loop) {
            (await send("GET", "/small.txt"), await send("GET", "/large.txt"))
        }
        #expect(small.body == Array("hello".utf8))
        #expect(big.body == large)
        let executors = seen.taken()
        try #require(executors.count == 2)
        #expect(executors[0] == loop.asUnownedTaskExecutor())
        #expect(executors[1] == globalConcurrentExecutor.asUnownedTaskExecutor())
    }
}
