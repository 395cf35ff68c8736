/// Changes to a sync connector (`ConnectorAdministration.edit`, `PATCH /api/v1/connectors/{id}`,
/// `cadence sync edit`): `nil` leaves a field as it is.
public struct ConnectorEdit: Sendable, Hashable {
    /// The remote collection's URL (http or https). Changing it resets the sync state
    /// (`SyncEngine.forgetRemote`).
    public var url: String?
    /// The Basic-auth user name.
    public var userName: String?
    /// The app password, in clear; sealed with the server key before it is stored.
    public var password: String?
    /// `two-way`, `push-only` or `pull-only`.
    public var direction: String?
    /// `newest-wins`, `local-wins` or `remote-wins`.
    public var policy: String?
    /// Seconds between scheduled syncs (5 at least).
    public var interval: Int64?
    /// Whether it syncs on its schedule.
    public var enabled: Bool?
    /// The connector's trusted CA file (PEM): `.some(nil)` or an empty path goes back to the
    /// server-wide setting.
    public var trustedCAFile: String??

    /// Creates changes; every field defaults to "unchanged".
    public init(
        url: String? = nil, userName: String? = nil, password: String? = nil,
        direction: String? = nil, policy: String? = nil, interval: Int64? = nil,
        enabled: Bool? = nil, trustedCAFile: String?? = nil
    ) {
        self.url = url
        self.userName = userName
        self.password = password
        self.direction = direction
        self.policy = policy
        self.interval = interval
        self.enabled = enabled
        self.trustedCAFile = trustedCAFile
    }
}
