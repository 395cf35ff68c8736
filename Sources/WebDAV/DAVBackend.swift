/// The data behind the DAV namespace, for one authenticated user.
///
/// The engine does the protocol (parsing, preconditions it can judge, multistatus); the backend
/// reads and writes, enforces access, and checks write preconditions atomically with the write.
public protocol DAVBackend: Sendable {
    /// The resource at `path`, or `nil` when there is none (or the user may not see it).
    func resource(at path: DAVPath) async throws(DAVError) -> (any DAVResource)?

    /// The direct members of a collection.
    func members(of collection: any DAVResource) async throws(DAVError) -> [any DAVResource]

    /// The direct members of a collection a page at a time: about `limit` of them after
    /// `cursor` (from the first when `nil`), and the cursor of the next page (`nil` after the
    /// last), so a large listing is never held whole. The default answers `members(of:)` at once.
    func members(of collection: any DAVResource, after cursor: String?, limit: Int)
        async throws(DAVError) -> (members: [any DAVResource], next: String?)

    /// The content of a non-collection resource.
    func content(of resource: any DAVResource) async throws(DAVError) -> [UInt8]

    /// What GET answers for a resource: its content and media type (a collection may have one,
    /// such as a calendar exported as one document).
    func representation(of resource: any DAVResource) async throws(DAVError) -> (
        body: [UInt8], contentType: String
    )

    /// What GET answers for a resource whose representation is produced in chunks (a calendar
    /// exported as one document), or `nil` to use `representation(of:)`. Failures that have a
    /// status are thrown here, before the first chunk.
    func streamedRepresentation(of resource: any DAVResource) async throws(DAVError) -> (
        stream: DAVBodyStream, contentType: String
    )?

    /// Creates or replaces the resource at `path` (PUT), checking `precondition` atomically.
    func put(
        at path: DAVPath, body: [UInt8], contentType: String?, precondition: WritePrecondition
    ) async throws(DAVError) -> PutResult

    /// Whether `put(at:body:contentType:precondition:)` answers `409 Conflict` itself when the
    /// parent of `path` is not an existing collection, so that the PUT method need not look the
    /// parent up first. The default is `false`.
    var putChecksParent: Bool { get }

    /// Deletes a resource (a collection with everything in it), checking `precondition` atomically.
    func delete(_ resource: any DAVResource, precondition: WritePrecondition) async throws(DAVError)

    /// Creates a collection (MKCOL, extended MKCOL, MKCALENDAR) with initial properties; answers
    /// per-property statuses when some could not be set (then nothing is created).
    func makeCollection(
        at path: DAVPath, resourceTypes: [XMLName], properties: [XMLElement]
    ) async throws(DAVError) -> [XMLName: Int]?

    /// Applies PROPPATCH operations all-or-nothing; returns the status of each property
    /// (failures with the rest as 424), or all 200 when applied.
    func patchProperties(
        of resource: any DAVResource, operations: [PropertyUpdate.Operation]
    ) async throws(DAVError) -> [(XMLName, Int)]

    /// The dead properties stored on a resource, as property elements.
    func deadProperties(of resource: any DAVResource) async throws(DAVError) -> [XMLElement]

    /// Copies or moves a resource to `destination`; returns whether the destination was created
    /// (201) rather than replaced (204). `overwrite` false and an existing destination → 412.
    func transfer(
        _ resource: any DAVResource, to destination: DAVPath, move: Bool, overwrite: Bool,
        depth: Depth
    ) async throws(DAVError) -> Bool
}

extension DAVBackend {
    public var putChecksParent: Bool { false }

    /// The resource at `path`, or a `404` (RFC 4918: a missing resource is a 404 before any
    /// method logic runs).
    public func existingResource(at path: DAVPath) async throws(DAVError) -> any DAVResource {
        guard let resource = try await resource(at: path) else {
            throw DAVError(status: 404, reason: "no such resource")
        }
        return resource
    }

    public func members(of collection: any DAVResource, after cursor: String?, limit: Int)
        async throws(DAVError) -> (members: [any DAVResource], next: String?)
    {
        guard cursor == nil else { return ([], nil) }
        return (try await members(of: collection), nil)
    }

    public func streamedRepresentation(of resource: any DAVResource) async throws(DAVError) -> (
        stream: DAVBodyStream, contentType: String
    )? { nil }

    public func representation(
        of resource: any DAVResource
    ) async throws(DAVError) -> (body: [UInt8], contentType: String) {
        if resource.isCollection {
            throw DAVError(status: 405, reason: "GET is not supported on this collection")
        }
        return (try await content(of: resource), resource.contentType ?? "application/octet-stream")
    }
}

/// The outcome of a PUT.
public struct PutResult: Sendable, Hashable {
    /// Whether a new resource was created (201) rather than replaced (204).
    public var created: Bool
    /// The new strong ETag, quoted.
    public var etag: String
    /// Whether the server changed the content from what was sent (then no ETag is returned).
    public var contentRewritten: Bool

    public init(created: Bool, etag: String, contentRewritten: Bool = false) {
        self.created = created
        self.etag = etag
        self.contentRewritten = contentRewritten
    }
}
