import CRM
import Groupware
import Storage
import Testing
import WebDAV

/// CRM edits racing client PUTs on one task: one winner per version, no lost acknowledged write.
@Suite struct CRMConcurrencyTests {
    /// One accepted write: the version it replaced, the one it made, and its title.
    struct Accepted: Sendable, Hashable {
        var before: String
        var after: String
        var title: String
    }

    /// One attempt by worker `worker`: a CRM edit (even workers) or a client PUT (odd ones)
    /// with `If-Match` of the version read; `nil` when refused with 412.
    static func attempt(
        _ f: CRMFixture, task: TaskRecord, worker: Int, round: Int, version: ObjectRecord?
    ) async throws -> Accepted? {
        let object: ObjectRecord
        if let version {
            object = version
        } else {
            object = try #require(
                try await f.store.object(collectionID: task.collectionID, name: task.objectName))
        }
        let text = String(decoding: try #require(object.data), as: UTF8.self)
        let title = worker.isMultiple(of: 2) ? "crm \(worker) \(round)" : "dav \(worker) \(round)"
        do {
            if worker.isMultiple(of: 2) {
                let current = try #require(try await f.store.task(ownerID: f.owner.id, id: task.id))
                var draft = TaskDraft(current.fields)
                draft.title = title
                let written = try await f.service.updateTask(
                    owner: f.owner, id: task.id, draft, calendarPath: nil, ifMatch: object.etag)
                return Accepted(before: object.etag, after: written.etag, title: title)
            } else {
                let etag = try await f.put(
                    "crm-tasks", task.objectName, text.replacingSummary(with: title),
                    precondition: .ifMatch([object.etag]))
                return Accepted(before: object.etag, after: etag, title: title)
            }
        } catch let error as CRMServiceError where error.code == .preconditionFailed {
            return nil
        } catch let error as DAVError where error.status == 412 {
            return nil
        }
    }

    /// Checks that the accepted writes form one chain from `start` to the stored version, and
    /// that the stored text and projection hold the last one's title.
    static func checkChain(_ f: CRMFixture, task: TaskRecord, start: String, _ accepted: [Accepted])
        async throws
    {
        var byBefore: [String: Accepted] = [:]
        for write in accepted {
            #expect(byBefore[write.before] == nil, "two writes accepted on \(write.before)")
            byBefore[write.before] = write
        }
        var etag = start
        var last: Accepted?
        var steps = 0
        while let next = byBefore[etag] {
            etag = next.after
            last = next
            steps += 1
        }
        #expect(steps == accepted.count)
        let final = try await f.service.task(owner: f.owner, id: task.id)
        #expect(final.etag == etag)
        let winner = try #require(last)
        #expect(final.fields.title == winner.title)
        #expect(line("SUMMARY", in: try await f.text(of: final)) == winner.title)
    }

    @Test func oneWinnerPerVersion() async throws {
        let f = try await CRMFixture.make()
        let task = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .todo, title: "start"), calendarPath: nil)
        let version = try #require(
            try await f.store.object(collectionID: task.collectionID, name: task.objectName))
        let accepted = try await withThrowingTaskGroup(of: Accepted?.self) { group in
            for worker in 0..<20 {
                group.addTask {
                    try await Self.attempt(
                        f, task: task, worker: worker, round: 0, version: version)
                }
            }
            var all: [Accepted] = []
            for try await outcome in group { if let outcome { all.append(outcome) } }
            return all
        }
        #expect(accepted.count == 1)
        try await Self.checkChain(f, task: task, start: version.etag, accepted)
    }

    @Test func noLostAcknowledgedWrite() async throws {
        let f = try await CRMFixture.make()
        let task = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .todo, title: "start"), calendarPath: nil)
        let accepted = try await withThrowingTaskGroup(of: [Accepted].self) { group in
            for worker in 0..<20 {
                group.addTask {
                    var mine: [Accepted] = []
                    for round in 0..<5 {
                        if let write = try await Self.attempt(
                            f, task: task, worker: worker, round: round, version: nil)
                        {
                            mine.append(write)
                        }
                    }
                    return mine
                }
            }
            var all: [Accepted] = []
            for try await outcome in group { all += outcome }
            return all
        }
        #expect(!accepted.isEmpty)
        try await Self.checkChain(f, task: task, start: task.etag, accepted)
    }
}
