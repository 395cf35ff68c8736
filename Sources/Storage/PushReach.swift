/// Who may hold a WebDAV-Push registration on a collection: its owner, a delegate of the owner
/// (caldav-proxy.txt), or a user it is shared with, directly or through a team. SQL written
/// once for both engines; the in-memory store applies the same rule
/// (`InMemoryStore.reaches(userID:collectionID:)`).
///
/// A registration outlives no access: the engines run `sweep` in the transaction of every
/// change that can take access away (unshare, team member removal, team deletion, revoked or
/// replaced delegation), so a former sharee or delegate hears nothing more of the calendar.
public enum PushReach {
    /// The condition that user `r.owner_id` reaches collection `c`.
    static let condition = """
        (c.owner_id = r.owner_id
            OR EXISTS (SELECT 1 FROM proxy_grants g
                WHERE g.owner_id = c.owner_id AND g.delegate_id = r.owner_id)
            OR EXISTS (SELECT 1 FROM shares s
                WHERE s.collection_id = c.id AND s.sharee_id = r.owner_id)
            OR EXISTS (SELECT 1 FROM shares s JOIN team_members m ON m.team_id = s.team_id
                WHERE s.collection_id = c.id AND m.user_id = r.owner_id))
        """

    /// One row when the user (first argument) reaches the collection (second argument).
    public static let reachable = """
        SELECT 1 FROM collections c, (SELECT CAST(? AS BIGINT) AS owner_id) r
        WHERE c.id = ? AND \(condition)
        """

    /// Deletes every registration on a collection its holder no longer reaches. Only
    /// registrations on another user's collection are looked at.
    public static let sweep = """
        DELETE FROM push_registrations WHERE id IN (
            SELECT r.id FROM push_registrations r JOIN collections c ON c.id = r.collection_id
            WHERE c.owner_id <> r.owner_id AND NOT \(condition))
        """
}
