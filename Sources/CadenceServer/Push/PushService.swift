import Foundation
import Groupware
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// How push delivery behaves; tests shorten the delays.
struct PushPolicy: Sendable {
    /// How long a change waits for more changes of the same topic before it is sent (bursts
    /// become one message), in seconds.
    var coalesceDelay: Double = 0.1
    /// The first retry's delay after a failed delivery, in seconds; it doubles each attempt.
    var retryBaseDelay: Double = 2
    /// How many times a message is tried in all.
    var maximumAttempts = 5
    /// The most topics waiting at once; further changes are dropped (and counted).
    var maximumPending = 10_000
    /// How many messages are in flight at once.
    var concurrency = 8
    /// How long the push service keeps an undelivered message (RFC 8030 §5.2 `TTL`), seconds.
    var ttl = 86_400
    /// The `sub` claim of the VAPID JWT (RFC 8292 §2.1): a contact for the push service.
    var subject = "mailto:admin@localhost"
    /// How often expired registrations are purged, in seconds.
    var purgeInterval: Double = 3_600
    /// How long a `Push-Dont-Notify` request may hold its registrations' messages, seconds.
    var suppressionHold: Double = 10
    /// How often homes with registrations are checked for added, removed or renamed
    /// collections, in seconds.
    var homeInterval: Double = 0.5
}

/// WebDAV-Push delivery (draft `bitfireAT/webdav-push`, "Push Notification"): turns committed
/// changes into encrypted, VAPID-signed push messages to every live registration on the
/// changed collection's topic.
///
/// A bounded queue keyed by topic coalesces bursts (the newest sync token wins, which keeps the
/// message's meaning); failures are retried with exponential backoff; a push service's 404 or
/// 410 deletes the registration; `Push-Dont-Notify` (`suppress`) keeps the changing client's
/// own registrations quiet. Expired registrations are purged periodically.
actor PushService: Service {
    let store: any PushStore
    let keys: PushKeys
    let sender: any WebPushSending
    let sources: [any PushChangeSource]
    /// Where homes' members are read (home registrations); `nil` watches no homes.
    let homes: (any CollectionStore)?
    /// What decides which instance of a cluster watches homes (`runOncePerCluster`): the store.
    let cluster: any Sendable
    let policy: PushPolicy
    let logger: Logger
    let metrics: ServerMetrics?
    /// How many passes the home watcher has finished (a test waits for one that began after
    /// its registration before it changes the home).
    nonisolated let homePasses = Mutex(0)

    /// A message waiting to go out for a topic.
    struct Message: Sendable {
        var topic: String
        /// The changed collection and its new token; `nil` for a home.
        var collectionID: Int64?
        var token: Int64?
        var observedAt: ContinuousClock.Instant
        /// For a home, its owner: only their own registrations hear of it.
        var homeOwnerID: Int64? = nil

        /// The sync token URI the message carries, if the target has one.
        var syncToken: String? {
            guard let collectionID, let token else { return nil }
            return PushTarget.syncTokenURI(collectionID: collectionID, token: token)
        }
    }
    /// A message for one registration whose delivery failed (or is held), to try again.
    struct Retry: Sendable {
        var registration: PushRegistration
        var message: Message
        var attempt: Int
        var due: ContinuousClock.Instant
    }
    /// A `Push-Dont-Notify` request in progress.
    struct Hold: Sendable {
        var registrationIDs: Set<Int64>
        var until: ContinuousClock.Instant
    }
    /// A change that a registration is not told about: its collection at or before a token.
    struct Suppression: Sendable {
        var collectionID: Int64
        var token: Int64
        var until: ContinuousClock.Instant
    }

    private var pending: [String: (message: Message, due: ContinuousClock.Instant)] = [:]
    private var retries: [Int64: Retry] = [:]
    private var holds: [UUID: Hold] = [:]
    private var suppressions: [Int64: Suppression] = [:]
    private let clock = ContinuousClock()

    init(
        store: any PushStore, keys: PushKeys, sender: any WebPushSending,
        sources: [any PushChangeSource], homes: (any CollectionStore)? = nil,
        cluster: (any Sendable)? = nil,
        policy: PushPolicy, logger: Logger, metrics: ServerMetrics?
    ) {
        self.store = store
        self.cluster = cluster ?? store
        self.keys = keys
        self.sender = sender
        self.sources = sources
        self.homes = homes
        self.policy = policy
        self.logger = logger
        self.metrics = metrics
    }

    nonisolated func run() async throws {
        await withDiscardingTaskGroup { group in
            for source in sources {
                group.addTask {
                    await source.run { change in await self.enqueue(change) }
                }
            }
            group.addTask {
                await PeriodicTask.run(every: self.policy.purgeInterval) {
                    await self.purgeExpired()
                }
            }
            group.addTask {
                await self.deliveryLoop()
            }
            if let homes {
                // One instance of a cluster watches homes; the others stand by.
                group.addTask {
                    while !Task.isShuttingDownGracefully && !Task.isCancelled {
                        _ = await runOncePerCluster(self.cluster, "push-homes") {
                            await self.watchHomes(homes)
                        }
                        do {
                            try await cancelWhenGracefulShutdown {
                                try await Task.sleep(for: .seconds(2))
                            }
                        } catch {
                            return
                        }
                    }
                }
            }
        }
    }

    // MARK: Queue

    /// Queues a push for a committed change (coalesced with any waiting one of its topic).
    func enqueue(_ change: CommittedChange) {
        enqueue(
            topic: keys.topics.topic(collectionID: change.collectionID),
            collectionID: change.collectionID, token: change.token)
    }

    /// Queues a push for a home whose members changed.
    func enqueueHome(ownerID: Int64) {
        enqueue(
            topic: keys.topics.topic(
                homeOf: ownerID, kind: PushTarget.Kind.calendarHome.rawValue),
            collectionID: nil, token: nil, homeOwnerID: ownerID)
    }

    private func enqueue(
        topic: String, collectionID: Int64?, token: Int64?, homeOwnerID: Int64? = nil
    ) {
        let now = clock.now
        if var waiting = pending[topic] {
            if let token, token > waiting.message.token ?? 0 { waiting.message.token = token }
            pending[topic] = waiting
            return
        }
        guard pending.count < policy.maximumPending else {
            metrics?.recordPushFailure("queue_full")
            return
        }
        pending[topic] = (
            Message(
                topic: topic, collectionID: collectionID, token: token, observedAt: now,
                homeOwnerID: homeOwnerID),
            now.advanced(by: .seconds(policy.coalesceDelay))
        )
    }

    /// Starts a `Push-Dont-Notify` request: messages to these registrations wait until
    /// `finishSuppression` (or the hold lapses).
    func beginSuppression(registrationIDs: Set<Int64>) -> UUID {
        let id = UUID()
        holds[id] = Hold(
            registrationIDs: registrationIDs,
            until: clock.now.advanced(by: .seconds(policy.suppressionHold)))
        return id
    }

    /// Ends a `Push-Dont-Notify` request that changed `collectionID` up to `token` (or nothing):
    /// those registrations are not told about that collection at or before the token.
    func finishSuppression(_ id: UUID, collectionID: Int64?, token: Int64?) {
        guard let hold = holds.removeValue(forKey: id) else { return }
        if let collectionID, let token {
            for registration in hold.registrationIDs {
                suppressions[registration] = Suppression(
                    collectionID: collectionID, token: token,
                    until: clock.now.advanced(by: .seconds(policy.suppressionHold)))
            }
        }
    }

    private func isHeld(_ registrationID: Int64, now: ContinuousClock.Instant) -> Bool {
        holds.values.contains { $0.until > now && $0.registrationIDs.contains(registrationID) }
    }

    private func isSuppressed(_ registrationID: Int64, _ message: Message) -> Bool {
        guard let suppression = suppressions[registrationID], let token = message.token else {
            return false
        }
        return suppression.collectionID == message.collectionID && token <= suppression.token
    }

    // MARK: Delivery

    nonisolated private func deliveryLoop() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let work = await dueWork()
            if !work.isEmpty { await waitForReplicas() }
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for item in work {
                    if running >= policy.concurrency {
                        _ = await group.next()
                        running -= 1
                    }
                    group.addTask { await self.deliver(item) }
                    running += 1
                }
            }
            let delay = await nextDelay()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            } catch {
                return
            }
        }
    }

    /// The longest a push waits for the database's read replicas.
    static let replicaWait: Duration = .seconds(2)

    /// With read replicas (issue 9): waits until every replica in use has replayed what the
    /// primary holds now, at most `replicaWait`, so that the sync a push triggers at once is not
    /// answered from a replica that has not seen the change yet (a client's reads wait only for
    /// its user's own writes, not for the writes of the user who changed a shared calendar).
    /// Past the bound the push goes anyway: a replica that far behind is about to be taken out
    /// of use (`--replica-max-lag`), and the next change pushes again.
    nonisolated private func waitForReplicas() async {
        guard let replicas = store as? any ReplicaReading, replicas.hasReplicas else { return }
        if await !replicas.waitForReplicas(timeout: Self.replicaWait) {
            logger.notice("push: read replicas did not catch up within 2 s; sending anyway")
        }
    }

    /// The deliveries due now: every registration of each due topic, and due retries.
    private func dueWork() async -> [Retry] {
        let now = clock.now
        holds = holds.filter { $0.value.until > now }
        suppressions = suppressions.filter { $0.value.until > now }
        var work: [Retry] = []
        let dueTopics = pending.filter { $0.value.due <= now }
        for (topic, entry) in dueTopics {
            pending[topic] = nil
            let registrations: [PushRegistration]
            do throws(StorageError) {
                registrations = try await store.pushRegistrations(
                    topic: topic, at: Int64(Date().timeIntervalSince1970))
            } catch {
                logger.error("push: cannot read registrations: \(error.reason)")
                continue
            }
            // A home's members are its owner's to hear of: a registration another user made
            // on it (a delegate's, before delegates were refused one) gets nothing.
            for registration in registrations
            where registration.triggers.contentUpdate != nil
                && entry.message.homeOwnerID.map({ $0 == registration.ownerID }) ?? true
            {
                // A newer message replaces a waiting retry of an older one.
                retries[registration.id] = nil
                work.append(
                    Retry(registration: registration, message: entry.message, attempt: 0, due: now))
            }
        }
        for (id, retry) in retries where retry.due <= now {
            retries[id] = nil
            work.append(retry)
        }
        var ready: [Retry] = []
        for item in work {
            if isSuppressed(item.registration.id, item.message) {
                metrics?.recordPushSuppressed()
                continue
            }
            if isHeld(item.registration.id, now: now) {
                var later = item
                later.due = now.advanced(by: .milliseconds(50))
                retries[item.registration.id] = later
                continue
            }
            ready.append(item)
        }
        return ready
    }

    /// How long until the next look: the next due topic or retry, and at most
    /// `idleTick` so that a newly queued change is seen promptly.
    private func nextDelay() -> Duration {
        let now = clock.now
        let next = (pending.values.map(\.due) + retries.values.map(\.due)).min()
        guard let next else { return Self.idleTick }
        return max(.milliseconds(5), min(Self.idleTick, now.duration(to: next)))
    }

    /// The longest the delivery loop sleeps.
    static let idleTick: Duration = .milliseconds(50)

    /// Sends one message to one registration and handles the answer.
    nonisolated private func deliver(_ item: Retry) async {
        let registration = item.registration
        let request: WebPushRequest
        do {
            request = try WebPushRequest.make(
                PushMessage.contentUpdate(
                    topic: item.message.topic,
                    syncToken: item.message.syncToken),
                to: registration, key: keys.vapidKey, subject: policy.subject, ttl: policy.ttl,
                urgency: "normal", topicHeader: String(item.message.topic.prefix(32)))
        } catch {
            logger.warning("push: registration \(registration.id) unusable: \(error)")
            metrics?.recordPushFailure("invalid_subscription")
            try? await store.deletePushRegistration(id: registration.id, ownerID: nil)
            return
        }
        var status: Int?
        do {
            status = try await sender.send(request)
        } catch {
            logger.info("push: delivery to registration \(registration.id) failed: \(error)")
        }
        switch status {
        case .some(200..<300):
            metrics?.recordPushSent(latency: item.message.observedAt.duration(to: .now))
        case .some(404), .some(410):
            // RFC 8030 §7.3: the subscription is gone.
            metrics?.recordPushFailure("gone")
            metrics?.recordPushRegistrationsRemoved("gone", count: 1)
            try? await store.deletePushRegistration(id: registration.id, ownerID: nil)
        case .some(400), .some(401), .some(403), .some(413):
            metrics?.recordPushFailure("rejected")
            logger.warning("push: registration \(registration.id) rejected with \(status ?? 0)")
        default:
            metrics?.recordPushFailure(status == nil ? "network" : "retry")
            await scheduleRetry(item)
        }
    }

    private func scheduleRetry(_ item: Retry) {
        guard item.attempt + 1 < policy.maximumAttempts else {
            metrics?.recordPushFailure("gave_up")
            return
        }
        // A newer message already waiting for this registration wins.
        guard retries[item.registration.id] == nil else { return }
        var next = item
        next.attempt += 1
        let delay = policy.retryBaseDelay * pow(2, Double(item.attempt))
        next.due = clock.now.advanced(by: .seconds(delay))
        retries[item.registration.id] = next
    }

    /// Watches the homes that have registrations: when a home's members (collections added,
    /// removed or renamed, by any writer) differ from the last look, its topic is pushed.
    nonisolated private func watchHomes(_ homes: any CollectionStore) async {
        var known: [Int64: [String]] = [:]
        await PeriodicTask.run(every: policy.homeInterval) {
            guard
                let live = try? await store.livePushRegistrations(
                    at: Int64(Date().timeIntervalSince1970))
            else { return }
            var seen: [Int64: [String]] = [:]
            for owner in Set(live.filter { $0.collectionID == nil }.map(\.ownerID)) {
                guard let members = try? await homes.collections(ownerID: owner, parent: "")
                else { continue }
                let fingerprint = members.map { "\($0.id):\($0.path)" }.sorted()
                seen[owner] = fingerprint
                if let before = known[owner], before != fingerprint {
                    await enqueueHome(ownerID: owner)
                }
            }
            known = seen
            homePasses.withLock { $0 += 1 }
        }
    }

    /// Deletes expired registrations.
    func purgeExpired() async {
        do throws(StorageError) {
            let purged = try await store.purgeExpiredPushRegistrations(
                at: Int64(Date().timeIntervalSince1970))
            metrics?.recordPushRegistrationsRemoved("expired", count: purged)
        } catch {
            logger.error("push: purge failed: \(error.reason)")
        }
    }
}
