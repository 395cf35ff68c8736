import ICalendar

/// The kind of a CRM task (CRM-MAPPING.md).
public enum TaskType: String, Sendable, CaseIterable {
    case call, email, meeting, todo = "to-do"

    /// The component a new task of this type is stored as, given whether it has a scheduled time.
    public func componentName(scheduled: Bool) -> String {
        switch self {
        case .meeting: "VEVENT"
        case .call: scheduled ? "VEVENT" : "VTODO"
        case .email, .todo: "VTODO"
        }
    }
}
