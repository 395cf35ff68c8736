import CRM
import ICalendar
import Storage

/// The CRM projection of a calendar object about to be written (CRM-MAPPING.md, "Calendar
/// object → task"): the contacts it names are looked up, then `TaskMapping.project` runs.
///
/// Shared by the DAV PUT path and the CRM's own writes, so that both project alike.
enum TaskProjection {
    /// The owner's contacts that `calendar` names by `X-CADENCE-CONTACT-ID`, e-mail or phone;
    /// no store call at all when it names none (the common client PUT).
    static func contacts(
        for calendar: Component, ownerID: Int64, store: any CRMStore
    ) async throws(StorageError) -> [Contact] {
        let keys = TaskMapping.lookupKeys(in: calendar)
        if keys.contactIDs.isEmpty && keys.emails.isEmpty && keys.phones.isEmpty { return [] }
        var found: [Contact] = []
        var seen: Set<String> = []
        for id in keys.contactIDs where !seen.contains(id) {
            if let contact = try await store.contact(ownerID: ownerID, id: id) {
                found.append(contact)
                seen.insert(contact.id)
            }
        }
        if !keys.emails.isEmpty || !keys.phones.isEmpty {
            let matched = try await store.contacts(
                ownerID: ownerID, emails: keys.emails, phones: keys.phones)
            for contact in matched where !seen.contains(contact.id) {
                found.append(contact)
                seen.insert(contact.id)
            }
        }
        return found
    }

    /// The task projection of `calendar` stored in `collection`, or `nil` when the object is
    /// not a task (a VJOURNAL, a VFREEBUSY): such objects are stored without one.
    ///
    /// `proposedID` names a new task row; the store keeps the existing id of a replaced object.
    static func write(
        for calendar: Component, in collection: CollectionRecord, ownerID: Int64,
        store: any CRMStore, proposedID: String
    ) async throws(StorageError) -> TaskWrite? {
        let contacts = try await contacts(for: calendar, ownerID: ownerID, store: store)
        do {
            let fields = try TaskMapping.project(
                calendar, defaultType: collection.defaultTaskType, contacts: contacts)
            return TaskWrite(proposedID: proposedID, fields: fields)
        } catch {
            // Anything a client may store is stored; what is not a task simply has no task row.
            return nil
        }
    }
}
