import ICalendar

/// The two-way mapping between a CRM task and its calendar object (CRM-MAPPING.md).
///
/// Every function works on the parsed `VCALENDAR` root and touches only the mapped properties of
/// the task's components; everything else (alarms of other clients, attachments, X- properties,
/// VTIMEZONEs, overrides) is left exactly as it was, so that serialising reproduces it.
public enum TaskMapping {
    /// The contact ids, e-mail addresses and phone numbers the object names
    /// (`X-CADENCE-CONTACT-ID`, `ATTENDEE`, `CONTACT`), for the caller to look up before
    /// `project`.
    public static func lookupKeys(in calendar: Component) -> ContactLookupKeys {
        keys(in: calendar)
    }

    /// The CRM projection of a stored calendar object.
    ///
    /// `defaultType` is the calendar's default task type; `contacts` are the owner's contacts
    /// found for `lookupKeys` (the first valid `X-CADENCE-CONTACT-ID` wins, else the first
    /// participant matching by e-mail or phone; participants matching no contact are listed as
    /// unmatched, the organizer is not a participant). Times are read through the object's
    /// VTIMEZONEs, then IANA and Windows names. Throws `.notATask` when the object holds no
    /// VEVENT or VTODO.
    public static func project(
        _ calendar: Component, defaultType: TaskType?, contacts: [Contact]
    ) throws(CRMError) -> TaskFields {
        try projection(of: calendar, defaultType: defaultType, contacts: contacts)
    }

    /// A new calendar object for a task created in the CRM, with `UID` `uid`.
    ///
    /// `contact` is the linked contact (its details go into `CONTACT`, `X-CADENCE-CONTACT-ID`
    /// and, for meetings, an `ATTENDEE`); `taskURL` becomes `URL`; `now` (UTC seconds) stamps
    /// `DTSTAMP`, `CREATED`, `LAST-MODIFIED`. Zoned times get a VTIMEZONE built from the zone's
    /// rules in the year of the time. The CRM's `CONTACT` and `ATTENDEE` carry an
    /// `X-CADENCE-CONTACT-ID` parameter, its `VALARM` `X-CADENCE-REMINDER:TRUE`, so that later
    /// edits find them. Check the draft with `validate` first: this writes what it can of an
    /// invalid one (an unknown zone as UTC, no alarm without a time).
    public static func makeCalendar(
        _ draft: TaskDraft, uid: String, contact: Contact?, taskURL: String?, now: Int64
    ) -> Component {
        newCalendar(draft, uid: uid, contact: contact, taskURL: taskURL, now: now)
    }

    /// Rewrites the stored object for a CRM edit: every field where `draft` differs from
    /// `previous` (the current projection) is written into the master component; nothing else
    /// changes except `DTSTAMP`/`LAST-MODIFIED` (and `SEQUENCE` + 1 when a time changed).
    ///
    /// `contact` is the linked contact after the edit (used when `contactID` changed, to rewrite
    /// `CONTACT` and the attendee it added). Rewritten lines keep their place and their other
    /// parameters; new ones go after the last property; cleared fields lose their lines. The
    /// component is kept for life (a type change rewrites only `X-CADENCE-TYPE` and the type's
    /// `CATEGORIES` value); the reminder edits the CRM's own alarm, else the client alarm it was
    /// read from. A new zone adds its VTIMEZONE. Throws `.invalidDraft` (see `validate`) before
    /// changing anything, `.notATask` without a VEVENT or VTODO.
    public static func apply(
        _ draft: TaskDraft, previous: TaskFields, to calendar: inout Component, contact: Contact?,
        now: Int64
    ) throws(CRMError) {
        try edit(draft, previous: previous, calendar: &calendar, contact: contact, now: now)
    }

    /// Rewrites the contact details (`CONTACT` value and its `ATTENDEE`'s `CN`/address) of an
    /// object linked to `contact`, after the contact changed: the lines the CRM wrote for it (its
    /// `X-CADENCE-CONTACT-ID` parameter) and attendees with the old `CONTACT` e-mail; an attendee
    /// is removed when the contact has no e-mail left. Refreshes `DTSTAMP`/`LAST-MODIFIED` when
    /// something changed. Returns `false` when nothing changed.
    public static func applyContact(_ contact: Contact, to calendar: inout Component, now: Int64)
        -> Bool
    {
        patchContact(contact, calendar: &calendar, now: now)
    }
}

/// What the CRM should look up before projecting an object (`TaskMapping.lookupKeys`).
public struct ContactLookupKeys: Sendable, Hashable {
    /// `X-CADENCE-CONTACT-ID` values.
    public var contactIDs: [String]
    /// E-mail addresses of attendees and contacts, lowercased.
    public var emails: [String]
    /// Phone numbers found in `CONTACT` values and `tel:` attendees, as written.
    public var phones: [String]

    /// Creates lookup keys.
    public init(contactIDs: [String] = [], emails: [String] = [], phones: [String] = []) {
        self.contactIDs = contactIDs
        self.emails = emails
        self.phones = phones
    }
}

/// The editable fields of a task, as the CRM wants them to be (create, or the result of a PATCH
/// merged onto the current projection).
public struct TaskDraft: Sendable, Hashable, Codable {
    public var type: TaskType
    public var title: String
    public var notes: String?
    public var status: TaskStatus
    public var priority: TaskPriority?
    /// UTC seconds.
    public var start: Int64?
    /// UTC seconds.
    public var end: Int64?
    /// UTC seconds.
    public var due: Int64?
    /// Whether the times are dates (`VALUE=DATE`).
    public var isAllDay: Bool
    /// IANA zone the times are written in (`TZID` with a VTIMEZONE); `nil` = UTC.
    public var timeZone: String?
    public var location: String?
    /// Minutes before start/due for a `DISPLAY` alarm; `nil` = no CRM reminder.
    public var reminderMinutes: Int?
    public var contactID: String?
    /// A user name; `nil` = the owner.
    public var assignee: String?

    /// Creates a draft.
    public init(
        type: TaskType, title: String, notes: String? = nil, status: TaskStatus = .open,
        priority: TaskPriority? = nil, start: Int64? = nil, end: Int64? = nil, due: Int64? = nil,
        isAllDay: Bool = false, timeZone: String? = nil, location: String? = nil,
        reminderMinutes: Int? = nil, contactID: String? = nil, assignee: String? = nil
    ) {
        self.type = type
        self.title = title
        self.notes = notes
        self.status = status
        self.priority = priority
        self.start = start
        self.end = end
        self.due = due
        self.isAllDay = isAllDay
        self.timeZone = timeZone
        self.location = location
        self.reminderMinutes = reminderMinutes
        self.contactID = contactID
        self.assignee = assignee
    }

    /// The draft that reproduces a projection (the starting point of a PATCH).
    public init(_ fields: TaskFields) {
        self.init(
            type: fields.type, title: fields.title, notes: fields.notes, status: fields.status,
            priority: fields.priority, start: fields.start, end: fields.end, due: fields.due,
            isAllDay: fields.isAllDay, timeZone: fields.timeZone, location: fields.location,
            reminderMinutes: fields.reminderMinutes, contactID: fields.contactID,
            assignee: fields.assignee)
    }
}

/// An error of the CRM mapping: a stable code and a reason.
public struct CRMError: Error, Sendable, Hashable {
    /// The stable code.
    public enum Code: String, Sendable, CaseIterable {
        /// The object holds no VEVENT or VTODO: it is not a task.
        case notATask = "not-a-task"
        /// The draft cannot be written (end before start, a meeting without a start, …).
        case invalidDraft = "invalid-draft"
    }

    /// The stable code.
    public var code: Code
    /// A human reason (for field-level API errors: names the field first, `due: …`).
    public var reason: String
    /// The field the error is about, when it is about one (`start`, `end`, `due`, `timeZone`).
    public var field: String?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, field: String? = nil) {
        self.code = code
        self.reason = reason
        self.field = field
    }
}
