import ICalendar

/// The kind of a CRM task (CRM-MAPPING.md): what the salesperson has to do.
public enum TaskType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A phone call; a VEVENT when it has a scheduled time, a VTODO otherwise.
    case call
    /// An e-mail to send; always a VTODO.
    case email
    /// A meeting; always a VEVENT.
    case meeting
    /// Anything else to do; always a VTODO.
    case todo = "to-do"

    /// The name written into `CATEGORIES` (`Call`, `Email`, `Meeting`, `To-do`).
    public var displayName: String {
        switch self {
        case .call: "Call"
        case .email: "Email"
        case .meeting: "Meeting"
        case .todo: "To-do"
        }
    }

    /// The component a new task of this type is stored as, given whether it has a scheduled time.
    public func componentName(scheduled: Bool) -> String {
        switch self {
        case .meeting: "VEVENT"
        case .call: scheduled ? "VEVENT" : "VTODO"
        case .email, .todo: "VTODO"
        }
    }
}
