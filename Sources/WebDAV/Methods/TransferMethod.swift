/// COPY and MOVE (RFC 4918 §9.8, §9.9): `Destination`, `Overwrite`, `Depth`.
public struct TransferMethod: MethodHandler {
    public let method: String

    /// `move` serves MOVE, otherwise COPY.
    public init(move: Bool) { method = move ? "MOVE" : "COPY" }

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let resource = try await backend.existingResource(at: request.path)
        guard let destinationHeader = request.header("destination"),
            var destination = DAVPath(destinationHeader)
        else {
            throw DAVError(status: 400, reason: "missing or invalid Destination header")
        }
        if resource.isCollection { destination = destination.asCollection() }
        let overwrite: Bool
        switch request.header("overwrite")?.trimmingSpaces.uppercased() {
        case nil, "T": overwrite = true
        case "F": overwrite = false
        default: throw DAVError(status: 400, reason: "Overwrite must be T or F")
        }
        let depth = try Depth(header: request.header("depth"), default: .infinity)
        if method == "MOVE" && depth != .infinity {
            throw DAVError(status: 400, reason: "MOVE of a collection requires Depth: infinity")
        }
        if depth == .one { throw DAVError(status: 400, reason: "COPY takes Depth 0 or infinity") }
        if destination.segments == request.path.segments {
            throw DAVError(status: 403, reason: "source and destination are the same")
        }
        if resource.isCollection && request.path.contains(destination) {
            throw DAVError(status: 409, reason: "cannot copy or move a collection into itself")
        }
        guard let parentPath = destination.parent,
            let parent = try await backend.resource(at: parentPath),
            parent.isCollection
        else {
            throw DAVError(
                status: 409, reason: "the destination's parent collection does not exist")
        }
        let created = try await backend.transfer(
            resource, to: destination, move: method == "MOVE", overwrite: overwrite, depth: depth)
        return DAVResponse(
            status: created ? 201 : 204, headers: created ? [("Location", destination.href)] : [])
    }
}
