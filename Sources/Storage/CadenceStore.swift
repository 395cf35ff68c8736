/// Everything the Cadence server needs from storage; the engines implement this.
///
/// Engine-neutral: every method is `async throws(StorageError)` and one transaction; every row
/// carries its owner's id so that the tables can later be sharded by owner. Engines also
/// implementing `CollectionMoving` support WebDAV MOVE of plain collections. The CRM's rows
/// (contacts, task projections, trash, routing) live in the same store (`CRMStore`), so that an
/// object and its task are written in one transaction. Subscription links
/// (`SubscriptionLinkStore`) publish calendars read-only. The sync log (`SyncLogStore`) and the
/// brute-force counters (`AuthFailureStore`) live there too, and the change log's retention
/// (`ChangeLogRetentionStore`). Shared calendars and teams: `SharingStore`. Delegations
/// (`ProxyStore`) say who may act on whose calendars. Assigned tasks' copies in the assignee's
/// calendars (`AssignmentStore`) are written with their source; notification collections
/// (`NotificationStore`) hold the invitations to shared calendars.
public protocol CadenceStore: UserStore, CollectionStore, ObjectStore, SyncStore,
    DeadPropertyStore, UsageStore, CRMStore, SubscriptionLinkStore, SyncLogStore,
    AuthFailureStore, ChangeLogRetentionStore, SharingStore, ProxyStore, AssignmentStore,
    NotificationStore
{}
