import Groupware
import Storage

/// `/me`, `/users` (administrators only) and `/tokens` (the signed-in user's API tokens).
extension CRMAPI {
    func me(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        return .json(Self.userJSON(owner), etag: "\"u\(owner.credentialVersion)\"")
    }

    func listUsers(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        return .json(
            .object(["items": .array(try await administration.users().map(Self.userJSON))]))
    }

    func createUser(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        var reader = try JSONFieldReader(try request.json())
        let name = reader.string("name", required: true) ?? ""
        let password = reader.string("password", required: true) ?? ""
        if !password.isEmpty, password.utf8.count < 8 {
            reader.fail("password", "needs at least 8 characters")
        }
        let email = reader.string("email") ?? ""
        let displayName = reader.string("displayName") ?? ""
        let isAdmin = reader.bool("isAdmin") ?? false
        try reader.finish()
        let user = try await administration.addUser(
            name: name, email: email, displayName: displayName, password: password,
            isAdmin: isAdmin)
        return .json(
            Self.userJSON(user), status: .created,
            location: "\(APIRouter.prefix)/users/\(user.name)")
    }

    func getUser(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        return .json(Self.userJSON(try await existingUser(request.parameter("name"))))
    }

    func updateUser(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        var user = try await existingUser(request.parameter("name"))
        var reader = try JSONFieldReader(try request.json())
        let email = reader.has("email") ? reader.string("email") ?? "" : user.email
        let displayName =
            reader.has("displayName") ? reader.string("displayName") ?? "" : user.displayName
        let password = reader.string("password")
        if let password, password.utf8.count < 8 {
            reader.fail("password", "needs at least 8 characters")
        }
        let isAdmin = reader.bool("isAdmin")
        try reader.finish()
        if email != user.email || displayName != user.displayName {
            user = try await store.updateProfile(
                userID: user.id, email: email, displayName: displayName)
        }
        if let password {
            try await administration.setPassword(name: user.name, password: password)
            user = try await existingUser(user.name)
        }
        if let isAdmin, isAdmin != user.isAdmin {
            user = try await store.setAdmin(userID: user.id, isAdmin: isAdmin)
        }
        return .json(Self.userJSON(user))
    }

    func deleteUser(_ request: APIRequest) async throws -> APIResponse {
        let owner = try Self.requireAdmin(request)
        let user = try await existingUser(request.parameter("name"))
        guard user.id != owner.id else {
            throw APIProblem(.conflict, detail: "an administrator cannot delete their own account")
        }
        let notifier = ShareNotifier(store: store)
        let shares = try await notifier.userShares(of: user)
        try await store.deleteUser(id: user.id)
        try await notifier.withdraw(shares, by: user)
        return .noContent
    }

    func listTokens(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let tokens = try await administration.apiTokens(userID: owner.id)
        return .json(.object(["items": .array(tokens.map { Self.tokenJSON($0, token: nil) })]))
    }

    func createToken(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        var reader = try JSONFieldReader(try request.json())
        let label = reader.string("label", required: true) ?? ""
        try reader.finish()
        let (record, token) = try await administration.addAPIToken(userID: owner.id, label: label)
        return .json(
            Self.tokenJSON(record, token: token), status: .created,
            location: "\(APIRouter.prefix)/tokens/\(record.id)")
    }

    func revokeToken(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        guard let id = Int64(request.parameter("id")) else {
            throw APIProblem(.notFound, detail: "no token \(request.parameter("id"))")
        }
        try await administration.revokeAPIToken(userID: owner.id, id: id)
        return .noContent
    }

    // MARK: Helpers

    @discardableResult
    static func requireAdmin(_ request: APIRequest) throws(APIProblem) -> UserRecord {
        let owner = try request.owner
        guard owner.isAdmin else {
            throw APIProblem(.forbidden, detail: "only administrators manage users")
        }
        return owner
    }

    private func existingUser(_ name: String) async throws -> UserRecord {
        guard let user = try await store.user(named: name) else {
            throw APIProblem(.notFound, detail: "no user named '\(name)'")
        }
        return user
    }

    static func userJSON(_ user: UserRecord) -> JSONValue {
        .object([
            "name": .string(user.name),
            "email": .string(user.email),
            "displayName": .string(user.displayName),
            "isAdmin": .bool(user.isAdmin),
            "createdAt": .string(APITime.timestamp(user.createdAt)),
        ])
    }

    static func tokenJSON(_ record: AppPasswordRecord, token: String?) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(record.id)),
            .init(key: "label", value: .string(record.label)),
            .init(key: "createdAt", value: .string(APITime.timestamp(record.createdAt))),
            .init(
                key: "lastUsedAt",
                value: record.lastUsedAt.map { .string(APITime.timestamp($0)) } ?? .null),
        ]
        if let token { members.append(.init(key: "token", value: .string(token))) }
        return .object(members)
    }
}
