/// Shared calendars and teams (CalendarServer sharing, issue 13).
///
/// Every method is one transaction. Deleting a user deletes the shares made to them, their
/// memberships and their views; deleting a collection deletes its shares and views; deleting
/// a team deletes its memberships and the shares made to it.
public protocol SharingStore: Sendable {
    /// Shares the calendar `collectionID` with a user or team, or changes the access of an
    /// existing share to them. `.notFound` for an unknown collection, user or team;
    /// `.invalidName` if the collection is not a calendar, `access` is `.owner`, or the grantee
    /// is the collection's owner.
    func share(collectionID: Int64, with grantee: ShareGrantee, access: CollectionAccess)
        async throws(StorageError) -> ShareRecord
    /// Removes the share of `collectionID` with `grantee` (and, for a user, their view).
    /// `.notFound` if there is none.
    func unshare(collectionID: Int64, with grantee: ShareGrantee) async throws(StorageError)
    /// The shares of a collection, ordered by id.
    func shares(collectionID: Int64) async throws(StorageError) -> [ShareRecord]
    /// The shares of every collection a user owns, ordered by id.
    func shares(ownerID: Int64) async throws(StorageError) -> [ShareRecord]
    /// The collections shared with a user, directly or through their teams, ordered by owner
    /// name and path; collections the user owns are left out.
    func sharedCollections(userID: Int64) async throws(StorageError) -> [SharedCollection]
    /// Replaces a sharee's own view of a collection shared with them. `.notFound` if it is not
    /// shared with them.
    func updateShareView(userID: Int64, collectionID: Int64, view: ShareView)
        async throws(StorageError)

    /// Creates a team. `.invalidName` for a bad name, `.conflict` if the name is taken.
    func createTeam(name: String, displayName: String) async throws(StorageError) -> TeamRecord
    /// The team with this exact name, or `nil`.
    func team(named name: String) async throws(StorageError) -> TeamRecord?
    /// The team with this id, or `nil`.
    func team(id: Int64) async throws(StorageError) -> TeamRecord?
    /// Every team, ordered by name.
    func teams() async throws(StorageError) -> [TeamRecord]
    /// Deletes a team with its memberships and shares. `.notFound` if there is none.
    func deleteTeam(id: Int64) async throws(StorageError)
    /// Adds a member or changes their access. `.notFound` for an unknown team or user,
    /// `.invalidName` for `.owner` access.
    func setTeamMember(teamID: Int64, userID: Int64, access: CollectionAccess)
        async throws(StorageError) -> TeamMember
    /// Removes a member. `.notFound` if they are not one.
    func removeTeamMember(teamID: Int64, userID: Int64) async throws(StorageError)
    /// A team's members, ordered by user id.
    func teamMembers(teamID: Int64) async throws(StorageError) -> [TeamMember]
}
