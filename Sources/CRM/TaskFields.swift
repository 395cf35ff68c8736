/// The CRM projection of a calendar object: the task fields the CRM shows, filters and edits.
///
/// Derived from the stored iCalendar text (the source of truth) by `TaskMapping.project`, and
/// stored beside the object in the same transaction. Times are UTC seconds since 1970; `timeZone`
/// says in which zone the client or the CRM scheduled them.
public struct TaskFields: Sendable, Hashable, Codable {
    /// The task's kind.
    public var type: TaskType
    /// `SUMMARY`.
    public var title: String
    /// `DESCRIPTION`.
    public var notes: String?
    /// From `STATUS` (and `X-CADENCE-DONE` on events).
    public var status: TaskStatus
    /// From `PRIORITY`; `nil` when absent or 0.
    public var priority: TaskPriority?
    /// `DTSTART` in UTC seconds (for all-day tasks: midnight UTC of the date).
    public var start: Int64?
    /// `DTEND` (or `DTSTART + DURATION`) in UTC seconds.
    public var end: Int64?
    /// VTODO `DUE` in UTC seconds.
    public var due: Int64?
    /// Whether the times are dates without a time of day (`VALUE=DATE`).
    public var isAllDay: Bool
    /// The IANA (or client's) `TZID` of the start/due time; `nil` for UTC or floating times.
    public var timeZone: String?
    /// `LOCATION`.
    public var location: String?
    /// Minutes before the start (events) or due time (to-dos) of the first `DISPLAY`/`AUDIO`
    /// `VALARM` with a relative trigger; `nil` without one.
    public var reminderMinutes: Int?
    /// The linked CRM contact's id (`X-CADENCE-CONTACT-ID`, or a matched participant).
    public var contactID: String?
    /// The user name the task is assigned to (`X-CADENCE-ASSIGNEE`); `nil` = the owner.
    public var assignee: String?
    /// Attendees and contacts of the object that matched no CRM contact.
    public var unmatchedParticipants: [Participant]
    /// The `RRULE` value of a recurring task, as sent.
    public var recurrence: String?
    /// `COMPLETED` in UTC seconds.
    public var completedAt: Int64?
    /// The component holding the task: `VEVENT` or `VTODO` (kept for life).
    public var componentType: String
    /// The object's `UID`.
    public var uid: String

    /// Creates a projection.
    public init(
        type: TaskType, title: String, notes: String? = nil, status: TaskStatus = .open,
        priority: TaskPriority? = nil, start: Int64? = nil, end: Int64? = nil, due: Int64? = nil,
        isAllDay: Bool = false, timeZone: String? = nil, location: String? = nil,
        reminderMinutes: Int? = nil, contactID: String? = nil, assignee: String? = nil,
        unmatchedParticipants: [Participant] = [], recurrence: String? = nil,
        completedAt: Int64? = nil, componentType: String, uid: String
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
        self.unmatchedParticipants = unmatchedParticipants
        self.recurrence = recurrence
        self.completedAt = completedAt
        self.componentType = componentType
        self.uid = uid
    }
}

/// An `ATTENDEE` or `CONTACT` of a calendar object, as far as the CRM reads it.
public struct Participant: Sendable, Hashable, Codable {
    /// `CN` of an attendee, or the name part of a `CONTACT` value.
    public var name: String?
    /// The `mailto:` address, lowercased, without the scheme.
    public var email: String?
    /// A phone number found in a `CONTACT` value (or a `tel:` URI), as written.
    public var phone: String?

    /// Creates a participant.
    public init(name: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}
