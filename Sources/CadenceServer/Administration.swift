import CRM
import Foundation
import Groupware
import Storage

/// User and calendar administration, shared by the command line and the server's first start.
public struct Administration: Sendable {
    /// An administration failure with a message for the terminal.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let store: any CadenceStore
    let bcryptCost: UInt8

    public init(store: any CadenceStore, bcryptCost: UInt8 = 10) {
        self.store = store
        self.bcryptCost = bcryptCost
    }

    /// Creates a user with the default calendar (`crm-tasks`, "CRM Tasks"); `isAdmin` lets them
    /// manage users through the API.
    @discardableResult
    public func addUser(
        name: String, email: String = "", displayName: String = "", password: String,
        isAdmin: Bool = false
    )
        async throws -> UserRecord
    {
        guard password.utf8.count >= 8 else {
            throw Failure(description: "a password needs at least 8 characters")
        }
        let user = try await store.createUser(
            NewUser(
                name: name, email: email, displayName: displayName,
                passwordHash: Passwords.hash(password, cost: bcryptCost), isAdmin: isAdmin))
        _ = try await store.createCollection(
            ownerID: user.id,
            NewCollection(
                path: CadencePaths.defaultCalendar, kind: .calendar,
                displayName: CadencePaths.defaultCalendarName,
                supportedComponents: ["VEVENT", "VTODO"]))
        return user
    }

    /// Replaces a user's password (cached credentials are dropped through the credential version).
    public func setPassword(name: String, password: String) async throws {
        guard password.utf8.count >= 8 else {
            throw Failure(description: "a password needs at least 8 characters")
        }
        let user = try await existingUser(name)
        _ = try await store.updatePasswordHash(
            userID: user.id, passwordHash: Passwords.hash(password, cost: bcryptCost))
    }

    public func users() async throws -> [UserRecord] { try await store.users() }

    /// Deletes a user with everything they own; the invitations to their shared calendars
    /// turn `CS:invite-deleted`.
    public func deleteUser(name: String) async throws {
        let user = try await existingUser(name)
        let notifier = ShareNotifier(store: store)
        let shares = try await notifier.userShares(of: user)
        try await store.deleteUser(id: user.id)
        try await notifier.withdraw(shares, by: user)
    }

    /// Issues a new app password and returns the token (shown once; stored as SHA-256).
    public func addAppPassword(name: String, label: String) async throws -> String {
        let user = try await existingUser(name)
        let token = AppPasswords.generate()
        _ = try await store.addAppPassword(
            userID: user.id, label: label, tokenHash: AppPasswords.hash(token))
        return token
    }

    /// A user's app passwords (labels and dates; the tokens themselves are never stored).
    public func appPasswords(name: String) async throws -> [AppPasswordRecord] {
        try await store.appPasswords(userID: try await existingUser(name).id)
    }

    /// Revokes one of a user's app passwords by id.
    public func revokeAppPassword(name: String, id: Int64) async throws {
        try await store.revokeAppPassword(id: id, userID: try await existingUser(name).id)
    }

    // MARK: API tokens (for the JSON API's `Authorization: Bearer`)

    /// Issues an API token for a user; returns its record and the token (shown once; stored as
    /// SHA-256).
    public func addAPIToken(name: String, label: String) async throws -> (
        record: AppPasswordRecord, token: String
    ) {
        try await addAPIToken(userID: try await existingUser(name).id, label: label)
    }

    /// A user's API tokens (labels and dates only).
    public func apiTokens(name: String) async throws -> [AppPasswordRecord] {
        try await apiTokens(userID: try await existingUser(name).id)
    }

    /// Revokes one of a user's API tokens by id.
    public func revokeAPIToken(name: String, id: Int64) async throws {
        try await revokeAPIToken(userID: try await existingUser(name).id, id: id)
    }

    func addAPIToken(userID: Int64, label: String) async throws -> (
        record: AppPasswordRecord, token: String
    ) {
        let token = AppPasswords.generate()
        let record = try await store.addAppPassword(
            userID: userID, label: label, tokenHash: AppPasswords.hash(token), kind: .apiToken)
        return (record, token)
    }

    func apiTokens(userID: Int64) async throws -> [AppPasswordRecord] {
        try await store.appPasswords(userID: userID).filter { $0.kind == .apiToken }
    }

    func revokeAPIToken(userID: Int64, id: Int64) async throws {
        guard try await apiTokens(userID: userID).contains(where: { $0.id == id }) else {
            throw StorageError(.notFound, "no API token \(id)")
        }
        try await store.revokeAppPassword(id: id, userID: userID)
    }

    // MARK: Trash

    /// The sync log, newest first: one user's (`user`) or everyone's, since an ISO 8601 instant
    /// or an age (`2h`), at most `limit` entries.
    public func syncLog(user: String?, since: String?, limit: Int) async throws -> [SyncLogEntry] {
        var from: Int64?
        if let since {
            guard
                let value = SyncLogQueryText.since(
                    since, now: Int64(Date().timeIntervalSince1970))
            else {
                throw Failure(
                    description: "--since: expected an ISO 8601 date or date-time, or an age (2h)")
            }
            from = value
        }
        return try await store.syncLog(
            SyncLogQuery(userName: user, since: from, limit: max(1, limit)))
    }

    /// A user's trash, newest first.
    public func trash(name: String) async throws -> [TrashRecord] {
        try await crmService().trash(owner: try await existingUser(name))
    }

    /// Restores one of a user's trash entries; returns the restored task, if it was one.
    @discardableResult
    public func restoreTrash(name: String, id: Int64) async throws -> TaskRecord? {
        try await crmService().restore(owner: try await existingUser(name), trashID: id)
    }

    func crmService() -> CRMService { CRMService(store: store) }

    public func createCalendar(
        user name: String, uri: String, displayName: String?, description: String?, color: String?,
        components: [String]
    ) async throws -> CollectionRecord {
        let user = try await existingUser(name)
        let known: Set<String> = ["VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"]
        let upper = components.map { $0.uppercased() }
        guard !upper.isEmpty, upper.allSatisfy(known.contains) else {
            throw Failure(
                description: "components must be among \(known.sorted().joined(separator: ","))")
        }
        return try await store.createCollection(
            ownerID: user.id,
            NewCollection(
                path: uri, kind: .calendar, displayName: displayName ?? uri,
                calendarDescription: description,
                color: color, supportedComponents: upper))
    }

    public func calendars(user name: String) async throws -> [CollectionRecord] {
        let user = try await existingUser(name)
        return try await store.collections(ownerID: user.id, parent: "").filter {
            $0.kind == .calendar
        }
    }

    public func deleteCalendar(user name: String, uri: String) async throws {
        let user = try await existingUser(name)
        guard let calendar = try await store.collection(ownerID: user.id, path: uri),
            calendar.kind == .calendar
        else {
            throw Failure(description: "\(name) has no calendar '\(uri)'")
        }
        let shares = try await store.shares(collectionID: calendar.id)
        try await store.deleteCollection(id: calendar.id)
        for share in shares { try await ShareNotifier(store: store).unshared(share, of: calendar) }
    }

    /// On a store with no users, creates `admin` with a random password and returns it.
    public func createAdminIfNoUsers() async throws -> String? {
        guard try await store.users().isEmpty else { return nil }
        let password = Passwords.generate()
        do {
            try await addUser(
                name: "admin", displayName: "Administrator", password: password, isAdmin: true)
        } catch let error as StorageError where error.code == .conflict {
            // Another instance on the same database created it first (issue 9).
            return nil
        }
        return password
    }

    func existingUser(_ name: String) async throws -> UserRecord {
        guard let user = try await store.user(named: name) else {
            throw Failure(description: "no user named '\(name)'")
        }
        return user
    }
}
