/// A team: users who share calendars as one (`cadence team …`).
public struct TeamRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The unique name (`ResourceName.validateUserName` rules).
    public var name: String
    /// What people call it.
    public var displayName: String
    /// When it was created.
    public var createdAt: Int64

    public init(id: Int64, name: String, displayName: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.createdAt = createdAt
    }
}

/// A member of a team, with the most the membership grants on calendars shared with the team.
public struct TeamMember: Sendable, Hashable {
    public var teamID: Int64
    public var userID: Int64
    /// `.readWrite` or `.read`: a share to the team grants a member the lesser of the share's
    /// access and this.
    public var access: CollectionAccess

    public init(teamID: Int64, userID: Int64, access: CollectionAccess) {
        self.teamID = teamID
        self.userID = userID
        self.access = access
    }
}
