import Synchronization

/// Where the reads of one request may go when the store reads from replicas (issue 9;
/// ARCHITECTURE.md, "Scale" step 3: "PostgreSQL read replicas for PROPFIND/REPORT traffic, with
/// read-your-writes kept by routing a client whose last write is newer than the replica's replay
/// position to the primary").
///
/// The server puts one in `ReadRouting.current` for each request (a task local); a store without
/// replicas ignores it. Without one (background services, the command line) every read runs on
/// the primary. With one, a store with replicas sends a read to a replica only when
/// `allowsReplicas` (the request only reads: GET, HEAD, PROPFIND, REPORT) and the replica has
/// replayed the signed-in user's last write (`requiredPosition`); otherwise to the primary.
///
/// The first routed read pins the request to the server it chose (a replica, or the primary), so
/// the reads of one request never go back in time: a replica's position only grows, and the
/// primary is ahead of every replica. A write pins it to the primary.
public final class ReadRouting: Sendable {
    /// The routing of the request the current task serves, if any.
    @TaskLocal public static var current: ReadRouting?

    /// The methods whose reads may be served by a replica: they change nothing (RFC 9110 §9.2.1
    /// safe methods, and WebDAV's PROPFIND and REPORT).
    public static let replicaMethods: Set<String> = ["GET", "HEAD", "PROPFIND", "REPORT"]

    /// Where a request's reads run once decided.
    public enum Target: Sendable, Equatable {
        case primary
        /// The replica at this index of the store's replica list.
        case replica(Int)
    }

    struct State {
        var userID: Int64?
        /// Write positions of users, as a user lookup on the primary read them (an engine's
        /// log position: PostgreSQL's WAL LSN as a number).
        var positions: [Int64: Int64] = [:]
        var pinned: Target?
    }

    /// Whether this request's reads may be served by a replica.
    public let allowsReplicas: Bool
    private let state = Mutex(State())

    public init(allowsReplicas: Bool) {
        self.allowsReplicas = allowsReplicas
    }

    /// The routing of a request with this HTTP method.
    public convenience init(method: String) {
        self.init(allowsReplicas: Self.replicaMethods.contains(method))
    }

    /// Records the user the request was authenticated as: their writes are recorded, and their
    /// reads wait for their own last write. A replica chosen by a read before (with no write to
    /// wait for) is chosen again.
    public func signedIn(userID: Int64) {
        state.withLock { state in
            state.userID = userID
            if case .replica = state.pinned { state.pinned = nil }
        }
    }

    /// The signed-in user, if any.
    public var userID: Int64? { state.withLock { $0.userID } }

    /// Notes `userID`'s last write position (never lowers a known one).
    public func noteWritePosition(_ position: Int64, of userID: Int64) {
        state.withLock { $0.positions[userID] = max($0.positions[userID] ?? 0, position) }
    }

    /// What a replica must have replayed to serve this request.
    public enum Requirement: Sendable, Equatable {
        /// Nothing: no user is signed in.
        case none
        /// The signed-in user's last write position, not read yet.
        case unknown(userID: Int64)
        /// This position (the signed-in user's last write).
        case position(Int64)
    }

    /// What a replica must have replayed to serve this request's reads.
    public var requirement: Requirement {
        state.withLock { state in
            guard let userID = state.userID else { return .none }
            guard let position = state.positions[userID] else { return .unknown(userID: userID) }
            return .position(position)
        }
    }

    /// Where reads already went, if decided.
    public var pinned: Target? { state.withLock { $0.pinned } }

    /// Pins the request's reads to `target`, unless already pinned; answers the pinned target.
    @discardableResult
    public func pin(_ target: Target) -> Target {
        state.withLock { state in
            if let pinned = state.pinned { return pinned }
            state.pinned = target
            return target
        }
    }

    /// Pins the request's reads to the primary, whatever they were pinned to (after a write, or
    /// when the pinned replica stopped being usable).
    public func pinPrimary() {
        state.withLock { $0.pinned = .primary }
    }
}

/// A store that can serve reads from replicas (PostgreSQL streaming replicas): what the push
/// deliverer waits for and what `/metrics` shows.
public protocol ReplicaReading: Sendable {
    /// Whether any replica is configured.
    var hasReplicas: Bool { get }

    /// Waits until every usable replica has replayed the primary's current position, at most
    /// `timeout`; answers whether they all did.
    func waitForReplicas(timeout: Duration) async -> Bool

    /// Reads served so far, and each replica's state.
    func replicaStatistics() -> ReplicaStatistics
}

/// Counters and state of a store's read routing.
public struct ReplicaStatistics: Sendable, Equatable {
    /// One replica's counters and state.
    public struct Replica: Sendable, Equatable {
        /// The replica's address without its password (`host:port/database`).
        public var name: String
        /// Reads it served.
        public var reads: Int64
        /// Whether reads may go to it now (it answers and lags less than the maximum).
        public var usable: Bool
        /// How far it is behind the primary, in seconds (0 when caught up).
        public var lagSeconds: Double

        public init(name: String, reads: Int64, usable: Bool, lagSeconds: Double) {
            self.name = name
            self.reads = reads
            self.usable = usable
            self.lagSeconds = lagSeconds
        }
    }

    /// Reads served by the primary (every read of a store without replicas is not counted).
    public var primaryReads: Int64
    public var replicas: [Replica]

    public init(primaryReads: Int64, replicas: [Replica]) {
        self.primaryReads = primaryReads
        self.replicas = replicas
    }
}
