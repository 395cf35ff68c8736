import CRM
import Groupware
import ICalendar
import Storage
import Testing
import WebDAV

/// One user with `crm-tasks`, an in-memory store, the CRM service and the DAV backend over it.
struct CRMFixture {
    /// The store, seen through the protocols so that tests call what the service calls.
    let store: any CadenceStore & CRMStore
    let owner: UserRecord
    let service: CRMService
    let backend: GroupwareBackend

    static func make() async throws -> CRMFixture {
        let store: any CadenceStore & CRMStore = InMemoryStore()
        let owner = try await store.createUser(
            NewUser(name: "ann", email: "ann@example.com", displayName: "Ann", passwordHash: "x"))
        _ = try await store.createCollection(
            ownerID: owner.id,
            NewCollection(
                path: "crm-tasks", kind: .calendar, displayName: "CRM Tasks",
                supportedComponents: ["VEVENT", "VTODO"]))
        return CRMFixture(
            store: store, owner: owner,
            service: CRMService(store: store, publicBaseURL: "https://crm.example.com/"),
            backend: GroupwareBackend(store: store, user: owner))
    }

    /// The DAV path of an object.
    func path(_ calendar: String, _ name: String) -> DAVPath {
        DAVPath(
            segments: ["caldav", "calendars", owner.name, calendar, name], trailingSlash: false)
    }

    /// A client PUT; returns the new ETag.
    @discardableResult
    func put(
        _ calendar: String, _ name: String, _ text: String,
        precondition: WebDAV.WritePrecondition = .none
    ) async throws -> String {
        try await backend.put(
            at: path(calendar, name), body: Array(text.utf8), contentType: "text/calendar",
            precondition: precondition
        ).etag
    }

    /// A client DELETE.
    func delete(_ calendar: String, _ name: String) async throws {
        let resource = try #require(try await backend.resource(at: path(calendar, name)))
        try await backend.delete(resource, precondition: .none)
    }

    /// A client MOVE of an object.
    func move(_ calendar: String, _ name: String, to target: String) async throws {
        let resource = try #require(try await backend.resource(at: path(calendar, name)))
        _ = try await backend.transfer(
            resource, to: path(target, name), move: true, overwrite: false, depth: .infinity)
    }

    func calendar(_ path: String) async throws -> CollectionRecord {
        try #require(try await store.collection(ownerID: owner.id, path: path))
    }

    /// The task projected from an object.
    func task(_ calendar: String, _ name: String) async throws -> TaskRecord? {
        let id = try await self.calendar(calendar).id
        return try await store.task(collectionID: id, objectName: name)
    }

    /// The stored text of a task's object.
    func text(of task: TaskRecord) async throws -> String {
        let object = try #require(
            try await store.object(collectionID: task.collectionID, name: task.objectName))
        return String(decoding: try #require(object.data), as: UTF8.self)
    }

    /// A contact with one e-mail address and one phone number.
    func contact(_ name: String, email: String, phone: String? = nil) async throws -> Contact {
        try await service.createContact(
            owner: owner,
            Contact(
                id: "", ownerID: owner.id, name: name, company: "Acme",
                emails: [LabeledValue(label: "work", value: email)],
                phones: phone.map { [LabeledValue(label: "work", value: $0)] } ?? []))
    }
}

/// A VCALENDAR around `body` lines, CRLF-terminated.
func ics(_ body: [String]) -> String {
    (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Client//EN"] + body + ["END:VCALENDAR"])
        .map { $0 + "\r\n" }.joined()
}

/// A VTODO with `extra` lines.
func todo(_ uid: String, _ extra: [String] = []) -> String {
    ics(
        ["BEGIN:VTODO", "UID:\(uid)", "DTSTAMP:20260101T090000Z", "SUMMARY:Follow up"] + extra
            + ["END:VTODO"])
}

/// A VEVENT with `extra` lines.
func event(_ uid: String, _ extra: [String] = []) -> String {
    ics(
        [
            "BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20260101T090000Z",
            "DTSTART:20260310T140000Z", "DTEND:20260310T150000Z", "SUMMARY:Review",
        ] + extra + ["END:VEVENT"])
}

/// The value of the first line starting with `name:` in a text.
func line(_ name: String, in text: String) -> String? {
    text.split(separator: "\r\n").first { $0.hasPrefix(name + ":") }.map {
        String($0.dropFirst(name.count + 1))
    }
}

/// A text with its folded lines joined again (RFC 5545 §3.1).
func unfolded(_ text: String) -> String {
    text.replacing("\r\n ", with: "")
}
