import Storage

/// `/delegates` and `/delegations` (issue 13): whom the signed-in user lets read or write their
/// calendars (the CalendarServer proxy groups that iOS, macOS and DAVx5 show), and whose
/// calendars they may act on.
extension CRMAPI {
    func listDelegates(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let delegates = try await administration.delegates(owner: owner.name)
        return .json(
            .object(["items": .array(delegates.map { Self.delegateJSON($0.delegate, $0.access) })]))
    }

    func listDelegations(_ request: APIRequest) async throws -> APIResponse {
        let delegate = try request.owner
        let owners = try await administration.delegations(to: delegate.name)
        return .json(
            .object(["items": .array(owners.map { Self.delegateJSON($0.owner, $0.access) })]))
    }

    func setDelegate(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let name = request.parameter("name")
        var reader = try JSONFieldReader(try request.json())
        let access = reader.enumeration("access", ProxyAccess.self)
        try reader.finish()
        guard let access else {
            throw APIProblem(
                .unprocessable, detail: "access: expected read or write",
                errors: [.init(field: "access", message: "expected read or write")])
        }
        guard let delegate = try await store.user(named: name) else {
            throw APIProblem(.notFound, detail: "no user '\(name)'")
        }
        guard delegate.id != owner.id else {
            throw APIProblem(
                .unprocessable, detail: "a user cannot be their own delegate",
                errors: [.init(field: "name", message: "a user cannot be their own delegate")])
        }
        let existed = try await store.proxyGrant(ownerID: owner.id, delegateID: delegate.id) != nil
        let grant = try await store.grantProxy(
            ownerID: owner.id, delegateID: delegate.id, access: access)
        return .json(
            Self.delegateJSON(delegate.name, grant.access), status: existed ? .ok : .created)
    }

    func removeDelegate(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let name = request.parameter("name")
        guard let delegate = try await store.user(named: name),
            try await store.proxyGrant(ownerID: owner.id, delegateID: delegate.id) != nil
        else { throw APIProblem(.notFound, detail: "'\(name)' is not your delegate") }
        try await store.revokeProxy(ownerID: owner.id, delegateID: delegate.id)
        return .noContent
    }

    static func delegateJSON(_ user: String, _ access: ProxyAccess) -> JSONValue {
        .object([
            .init(key: "user", value: .string(user)),
            .init(key: "access", value: .string(access.rawValue)),
        ])
    }
}
