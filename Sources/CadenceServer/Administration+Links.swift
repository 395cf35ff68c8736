import Storage

/// Subscription links from the command line (`cadence link …`).
extension Administration {
    /// Creates a link to a user's calendar; the answer holds the token's URL (shown once).
    /// `mode` is `full`, `events` or `busy`; `publicBaseURL` prefixes the path
    /// (`CADENCE_PUBLIC_URL`).
    public func createLink(
        user name: String, calendar: String, mode modeName: String, label: String,
        publicBaseURL: String?
    ) async throws -> SubscriptionLinks.Created {
        guard let mode = SubscriptionMode(rawValue: modeName) else {
            throw Failure(description: "unknown mode '\(modeName)': use full, events or busy")
        }
        let user = try await existingUser(name)
        let service = SubscriptionLinks(store: store, publicBaseURL: publicBaseURL)
        let result: Result<SubscriptionLinks.Created, StorageError>
        do {
            result = .success(
                try await service.create(
                    owner: user, calendarPath: calendar, mode: mode, label: label))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let created):
            return created
        case .failure(let error) where error.code == .notFound || error.code == .invalidName:
            throw Failure(description: "\(name) has no calendar '\(calendar)'")
        case .failure(let error):
            throw error
        }
    }

    /// A user's links with their calendars' paths.
    public func links(user name: String) async throws -> [(
        link: SubscriptionLink, calendarPath: String
    )] {
        try await SubscriptionLinks(store: store, publicBaseURL: nil).list(
            owner: try await existingUser(name))
    }

    /// Revokes one of a user's links by id.
    public func revokeLink(user name: String, id: Int64) async throws {
        try await SubscriptionLinks(store: store, publicBaseURL: nil).revoke(
            owner: try await existingUser(name), id: id)
    }
}
