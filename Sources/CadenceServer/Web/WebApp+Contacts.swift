import Foundation
import HTTPTypes
import Hummingbird

/// Contacts: the list with search and tags, a contact with its tasks, create, edit, delete —
/// all through the JSON API's contact operations.
extension WebApp {
    func registerContacts(_ router: Router<CadenceRequestContext>) {
        page(router, .get, "/web/contacts") { call in try await contactList(call) }
        page(router, .get, "/web/contacts/new") { call in
            .page(
                "contactForm", "New contact",
                ["action": "/web/contacts", "isNew": true, "contact": [String: Any]()])
        }
        page(router, .post, "/web/contacts") { call in
            let answer = await api("createContact", call, body: Self.contactBody(call))
            guard answer.status == .created, case .string(let id)? = answer.json?["id"] else {
                return Self.contactFormAgain(call, answer, action: "/web/contacts", isNew: true)
            }
            return .redirect("/web/contacts/\(CRMAPI.encode(id))", notice: "Contact created.")
        }
        page(router, .get, "/web/contacts/{id}") { call in try await contactDetail(call) }
        page(router, .get, "/web/contacts/{id}/edit") { call in
            let contact = try await read(
                "getContact", call, parameters: ["id": call.parameter("id")])
            return .page(
                "contactForm", "Edit contact",
                [
                    "action": "/web/contacts/\(CRMAPI.encode(call.parameter("id")))",
                    "contact": Self.contactFormValues(contact),
                ])
        }
        page(router, .post, "/web/contacts/{id}") { call in
            let id = call.parameter("id")
            let answer = await api(
                "updateContact", call, parameters: ["id": id], body: Self.contactBody(call))
            guard answer.status == .ok else {
                if answer.status == .notFound { throw WebFailure(.notFound, "No such contact.") }
                return Self.contactFormAgain(
                    call, answer, action: "/web/contacts/\(CRMAPI.encode(id))", isNew: false)
            }
            return .redirect("/web/contacts/\(CRMAPI.encode(id))", notice: "Contact saved.")
        }
        page(router, .post, "/web/contacts/{id}/delete") { call in
            let answer = await api("deleteContact", call, parameters: ["id": call.parameter("id")])
            guard answer.status == .noContent else {
                throw WebFailure(answer.status, Self.problemText(answer.json))
            }
            return .redirect("/web/contacts", notice: "Contact deleted.")
        }
    }

    func contactList(_ call: WebCall) async throws -> WebResult {
        var query: [(String, String)] = [("limit", "200")]
        if let text = call.queryValue("q") { query.append(("q", text)) }
        if let tag = call.queryValue("tag") { query.append(("tag", tag)) }
        let contacts = Self.items(try await read("listContacts", call, query: query))
        var tags = Set<String>()
        for contact in contacts {
            for tag in contact["tags"] as? [Any] ?? [] { tags.insert("\(tag)") }
        }
        if let tag = call.queryValue("tag") { tags.insert(tag) }
        let active = call.queryValue("tag")
        return .page(
            "contacts", "Contacts",
            [
                "contacts": contacts.map(Self.contactRow),
                "q": call.queryValue("q") ?? "",
                "tags": tags.sorted().map {
                    ["name": $0, "encoded": CRMAPI.encode($0), "active": $0 == active]
                        as [String: Any]
                },
                "hasTags": !tags.isEmpty,
                "filtered": call.queryValue("q") != nil || active != nil,
            ])
    }

    func contactDetail(_ call: WebCall) async throws -> WebResult {
        let id = call.parameter("id")
        let contact = try await read("getContact", call, parameters: ["id": id])
        var values = Self.templateValue(contact) as? [String: Any] ?? [:]
        values["encodedID"] = CRMAPI.encode(id)
        let tags = (values["tags"] as? [Any] ?? []).map { "\($0)" }
        values["hasTags"] = !tags.isEmpty
        values["tagLinks"] = tags.map { ["name": $0, "encoded": CRMAPI.encode($0)] }
        let tasks = Self.items(
            try await read("listTasks", call, query: [("contact", id), ("limit", "200")]))
        let name = values["name"] as? String ?? "Contact"
        return .page(
            "contact", name,
            [
                "contact": values,
                "tasks": tasks.map { taskRow($0, contactNames: [:], back: call.path) },
            ])
    }

    // MARK: Forms

    /// The JSON body of the contact form (every editable member; empty ones as `null`).
    static func contactBody(_ call: WebCall) -> JSONValue {
        func labeled(_ text: String) -> JSONValue {
            .array(
                text.split(whereSeparator: \.isNewline).compactMap { line in
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    guard !trimmed.isEmpty else { return nil }
                    if let range = trimmed.range(of: ": ") {
                        return .object([
                            "label": .string(String(trimmed[..<range.lowerBound])),
                            "value": .string(
                                trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)),
                        ])
                    }
                    return .object(["label": .string(""), "value": .string(trimmed)])
                })
        }
        func optional(_ name: String) -> JSONValue {
            let value = call.field(name)
            return value.isEmpty ? .null : .string(value)
        }
        let addressKeys = ["street", "locality", "region", "postalCode", "country"]
        let address: JSONValue =
            addressKeys.allSatisfy { call.field($0).isEmpty }
            ? .null
            : .object(addressKeys.map { JSONValue.Member(key: $0, value: .string(call.field($0))) })
        let tags = call.field("tags").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return .object([
            "name": .string(call.field("name")),
            "company": optional("company"),
            "title": optional("jobTitle"),
            "emails": labeled(call.field("emails")),
            "phones": labeled(call.field("phones")),
            "address": address,
            "notes": optional("notes"),
            "tags": .array(tags.map(JSONValue.string)),
        ])
    }

    /// The form again with what was typed and the API's complaints.
    static func contactFormAgain(
        _ call: WebCall, _ answer: (status: HTTPResponse.Status, json: JSONValue?), action: String,
        isNew: Bool
    ) -> WebResult {
        var values: [String: Any] = [:]
        for name in [
            "name", "company", "jobTitle", "emails", "phones", "street", "locality", "region",
            "postalCode", "country", "tags", "notes",
        ] {
            values[name] = call.field(name)
        }
        let errors = fieldErrors(answer.json)
        var data: [String: Any] = [
            "action": action, "contact": values, "error": problemText(answer.json),
        ]
        if isNew { data["isNew"] = true }
        for (field, message) in errors {
            let key = field.split(separator: "[").first.map(String.init) ?? field
            data["error_" + (key == "title" ? "jobTitle" : key)] = message
        }
        return .page(
            status: answer.status.code >= 500 ? .internalServerError : .unprocessableContent,
            template: "contactForm", title: isNew ? "New contact" : "Edit contact", data: data)
    }

    /// A contact's JSON as the form's field values.
    static func contactFormValues(_ contact: JSONValue) -> [String: Any] {
        func text(_ value: JSONValue?) -> String {
            if case .string(let string)? = value { return string }
            return ""
        }
        func lines(_ key: String) -> String {
            guard case .array(let items)? = contact[key] else { return "" }
            return items.map { item in
                let label = text(item["label"])
                let value = text(item["value"])
                return label.isEmpty ? value : "\(label): \(value)"
            }.joined(separator: "\n")
        }
        var tags: [String] = []
        if case .array(let items)? = contact["tags"] {
            tags = items.map { text($0) }.filter { !$0.isEmpty }
        }
        let address = contact["address"]
        return [
            "name": text(contact["name"]), "company": text(contact["company"]),
            "jobTitle": text(contact["title"]), "emails": lines("emails"),
            "phones": lines("phones"), "street": text(address?["street"]),
            "locality": text(address?["locality"]), "region": text(address?["region"]),
            "postalCode": text(address?["postalCode"]), "country": text(address?["country"]),
            "tags": tags.joined(separator: ", "), "notes": text(contact["notes"]),
        ]
    }

    /// A contact of the list, with its link and first e-mail address and phone.
    static func contactRow(_ contact: [String: Any]) -> [String: Any] {
        var row = contact
        row["encodedID"] = CRMAPI.encode(contact["id"] as? String ?? "")
        row["email"] = (contact["emails"] as? [[String: Any]])?.first?["value"]
        row["phone"] = (contact["phones"] as? [[String: Any]])?.first?["value"]
        return row
    }
}
