extension InMemoryStore: PushStore {
    /// How many committed changes the in-memory feed keeps (the newest).
    static let committedLogLimit = 10_000

    /// Appends a committed change for `collection` (its token already bumped).
    func recordCommittedChange(_ collection: CollectionRecord) {
        changeSequence += 1
        committedLog.append(
            CommittedChange(
                sequence: changeSequence, collectionID: collection.id,
                ownerID: collection.ownerID, token: collection.syncToken))
        if committedLog.count > Self.committedLogLimit {
            committedLog.removeFirst(committedLog.count - Self.committedLogLimit)
        }
    }

    /// See `PushStore.registerPush`.
    public func registerPush(_ new: NewPushRegistration) throws(StorageError) -> (
        registration: PushRegistration, created: Bool
    ) {
        guard user(id: new.ownerID) != nil else {
            throw StorageError(.notFound, "no user \(new.ownerID)")
        }
        if let collectionID = new.collectionID {
            guard reaches(userID: new.ownerID, collectionID: collectionID) else {
                throw StorageError(
                    .notFound, "no collection \(collectionID) reached by user \(new.ownerID)")
            }
        }
        if var existing = pushRegistrationsByID.values.first(where: {
            $0.ownerID == new.ownerID && $0.topic == new.topic
                && $0.subscription.pushResource == new.subscription.pushResource
        }) {
            existing.collectionID = new.collectionID
            existing.subscription = new.subscription
            existing.triggers = new.triggers
            existing.expiresAt = new.expiresAt
            pushRegistrationsByID[existing.id] = existing
            return (existing, false)
        }
        let registration = PushRegistration(
            id: nextID(), ownerID: new.ownerID, collectionID: new.collectionID, topic: new.topic,
            subscription: new.subscription, triggers: new.triggers, expiresAt: new.expiresAt,
            createdAt: clock.now())
        pushRegistrationsByID[registration.id] = registration
        return (registration, true)
    }

    /// See `PushStore.pushRegistration(id:)`.
    public func pushRegistration(id: Int64) -> PushRegistration? {
        pushRegistrationsByID[id]
    }

    /// See `PushStore.pushRegistrations(ownerID:)`.
    public func pushRegistrations(ownerID: Int64) -> [PushRegistration] {
        pushRegistrationsByID.values.filter { $0.ownerID == ownerID }.sorted { $0.id < $1.id }
    }

    /// See `PushStore.pushRegistrations(topic:at:)`.
    public func pushRegistrations(topic: String, at now: Int64) -> [PushRegistration] {
        pushRegistrationsByID.values.filter { $0.topic == topic && $0.expiresAt > now }
            .sorted { $0.id < $1.id }
    }

    /// See `PushStore.livePushRegistrations(at:)`.
    public func livePushRegistrations(at now: Int64) -> [PushRegistration] {
        pushRegistrationsByID.values.filter { $0.expiresAt > now }.sorted { $0.id < $1.id }
    }

    /// See `PushStore.deletePushRegistration(id:ownerID:)`.
    public func deletePushRegistration(id: Int64, ownerID: Int64?) throws(StorageError) {
        guard let registration = pushRegistrationsByID[id],
            ownerID == nil || registration.ownerID == ownerID
        else {
            throw StorageError(.notFound, "no push registration \(id)")
        }
        pushRegistrationsByID[id] = nil
    }

    /// See `PushStore.purgeExpiredPushRegistrations(at:)`.
    public func purgeExpiredPushRegistrations(at now: Int64) -> Int {
        let before = pushRegistrationsByID.count
        pushRegistrationsByID = pushRegistrationsByID.filter { $0.value.expiresAt > now }
        return before - pushRegistrationsByID.count
    }

    /// See `PushStore.committedChanges(after:limit:)`.
    public func committedChanges(after sequence: Int64, limit: Int) -> [CommittedChange] {
        Array(committedLog.lazy.filter { $0.sequence > sequence }.prefix(max(0, limit)))
    }

    /// See `PushStore.latestChangeSequence()`.
    public func latestChangeSequence() -> Int64 { changeSequence }
}

extension InMemoryStore {
    /// Whether a user reaches a collection: owns it, is a delegate of its owner, or has it
    /// shared with them (`PushReach`).
    func reaches(userID: Int64, collectionID: Int64) -> Bool {
        guard let collection = collectionsByID[collectionID] else { return false }
        if collection.ownerID == userID { return true }
        if proxyGrantsByPair[ProxyPair(ownerID: collection.ownerID, delegateID: userID)] != nil {
            return true
        }
        return sharedCollections(userID: userID).contains { $0.collection.id == collectionID }
    }

    /// Drops the registrations whose holder no longer reaches their collection
    /// (`PushReach.sweep`).
    func sweepPushRegistrations() {
        pushRegistrationsByID = pushRegistrationsByID.filter { _, registration in
            guard let collectionID = registration.collectionID else { return true }
            return reaches(userID: registration.ownerID, collectionID: collectionID)
        }
    }
}
