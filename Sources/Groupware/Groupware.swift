import CRM
import CalDAV
import Storage

/// The bridge between the DAV protocols and the CRM domain over the store.
public enum Groupware {
    /// The calendar every user starts with (ARCHITECTURE.md).
    public static let defaultCalendarURI = "crm-tasks"
    public static let defaultCalendarName = "CRM Tasks"
}
