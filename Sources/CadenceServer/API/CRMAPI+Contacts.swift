import CRM
import HTTPTypes
import Storage

/// `/contacts`: list, create, read, merge-patch, delete (ETag `"r<revision>"`, `If-Match`).
extension CRMAPI {
    func listContacts(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let (limit, cursor) = try Self.paging(request)
        let query = ContactQuery(
            text: request.queryValue("q"), tag: request.queryValue("tag"),
            sort: try Self.sort(request, default: ContactQuery.Field.name), cursor: cursor,
            limit: limit)
        let page = try await service.contacts(owner: owner, query: query)
        return Self.page(page.items.map(ContactResource.json), nextCursor: page.nextCursor, request)
    }

    func createContact(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let draft = try ContactResource.read(
            try request.json(), onto: Contact(id: CRMIdentifier.make(), ownerID: owner.id, name: "")
        )
        let contact = try await service.createContact(owner: owner, draft)
        return contactAnswer(contact, status: .created, location: true)
    }

    func getContact(_ request: APIRequest) async throws -> APIResponse {
        let contact = try await service.contact(
            owner: try request.owner, id: request.parameter("id"))
        return contactAnswer(contact)
    }

    func updateContact(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let patch = try request.json()
        let ifRevision = try ContactResource.revision(ifMatch: request.ifMatch)
        let current = try await service.contact(owner: owner, id: request.parameter("id"))
        if let ifRevision, ifRevision != current.revision {
            throw APIProblem(
                .preconditionFailed,
                detail: "the contact has changed since \(request.ifMatch ?? "")")
        }
        let merged = ContactResource.json(current).merging(patch: patch)
        let edited = try ContactResource.read(merged, onto: current)
        let contact = try await service.updateContact(
            owner: owner, edited, ifRevision: ifRevision ?? current.revision)
        return contactAnswer(contact)
    }

    func deleteContact(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteContact(
            owner: try request.owner, id: request.parameter("id"),
            ifRevision: try ContactResource.revision(ifMatch: request.ifMatch))
        return .noContent
    }

    private func contactAnswer(
        _ contact: Contact, status: HTTPResponse.Status = .ok, location: Bool = false
    ) -> APIResponse {
        APIResponse.json(
            ContactResource.json(contact), status: status, etag: ContactResource.etag(contact),
            location: location ? "\(APIRouter.prefix)/contacts/\(contact.id)" : nil)
    }
}
