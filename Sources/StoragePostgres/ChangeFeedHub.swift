import Logging
import PostgresNIO
import Storage
import Synchronization

/// The instance's end of LISTEN/NOTIFY: one connection listens on the store's channel and fans
/// each committed change out to every subscriber. It reconnects after a lost connection
/// (changes committed meanwhile are not replayed: subscribers treat the feed as a hint and
/// read the change log for the truth).
final class ChangeFeedHub: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<AnnouncedChange>.Continuation] = [:]
        var next = 0
        var listener: Task<Void, Never>?
        var stopped = false
    }

    private let state = Mutex(State())

    func start(store: PostgresStore) {
        let client = store.serviceClient
        let channel = store.channel
        let logger = store.logger
        let task = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            for try await notification in notifications {
                                self?.publish(notification.payload)
                            }
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("change feed: \(error); listening again in 1 s")
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        state.withLock { $0.listener = task }
    }

    func stop() {
        let (task, subscribers) = state.withLock { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return (state.listener, Array(state.subscribers.values))
        }
        task?.cancel()
        for subscriber in subscribers { subscriber.finish() }
    }

    /// `"<collection id> <token> <owner id>"`, as `logChange` sends it.
    func publish(_ payload: String) {
        let parts = payload.split(separator: " ")
        guard parts.count == 3, let id = Int64(parts[0]), let token = Int64(parts[1]),
            let owner = Int64(parts[2])
        else { return }
        let change = AnnouncedChange(collectionID: id, token: token, ownerID: owner)
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(change) }
    }

    func subscribe() -> AsyncStream<AnnouncedChange> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: AnnouncedChange.self, bufferingPolicy: .bufferingNewest(10_000))
        let id: Int? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.next += 1
            state.subscribers[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}

extension PostgresStore: ChangeFeed {
    /// See `ChangeFeed.committedChanges()`: changes committed by any instance on this database
    /// (and schema), in the order PostgreSQL delivers them (commit order).
    public func committedChanges() -> AsyncStream<AnnouncedChange> {
        feed.subscribe()
    }
}
