import Storage

/// One local object to write to the remote.
struct PushJob: Sendable {
    var record: ObjectRecord
    var href: String
    var precondition: RemotePrecondition
}

extension SyncPass {
    /// Pushes local objects with at most `pushConcurrency` (at least 1) PUTs in flight. Each
    /// object is in one job, so its writes stay in order; outcomes are recorded one at a time as
    /// they come back (state saved, a failed precondition reconciled), never from the concurrent
    /// tasks.
    ///
    /// After a failure of the remote as a whole no more PUTs start; those in flight are still
    /// recorded, then the failure ends the run.
    mutating func pushAll(_ jobs: [PushJob]) async throws(SyncError) {
        guard !jobs.isEmpty else { return }
        let remote = self.remote
        let width = max(1, pushConcurrency)
        var failure: SyncError?
        await withTaskGroup(of: (Int, Result<String?, RemoteError>).self) { group in
            var started = 0
            func start(_ index: Int) {
                let job = jobs[index]
                group.addTask {
                    (
                        index,
                        await Self.write(
                            job.record, href: job.href, precondition: job.precondition, to: remote)
                    )
                }
            }
            while started < min(width, jobs.count) {
                start(started)
                started += 1
            }
            while let (index, written) = await group.next() {
                let job = jobs[index]
                do throws(SyncError) {
                    try await finishPush(
                        job.record, href: job.href, precondition: job.precondition,
                        written: written, retries: 1)
                } catch {
                    if failure == nil { failure = error }
                }
                if failure == nil && started < jobs.count {
                    start(started)
                    started += 1
                }
            }
        }
        if let failure { throw failure }
    }
}
