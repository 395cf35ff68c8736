/// Where a task stands (CRM-MAPPING.md maps each onto `STATUS`).
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not started: VTODO `NEEDS-ACTION`, VEVENT `CONFIRMED` (or no `STATUS`).
    case open
    /// Started: VTODO `IN-PROCESS`, VEVENT `CONFIRMED` + `X-CADENCE-STATUS:in-progress` (so that
    /// it survives a round trip; the table's plain `CONFIRMED` reads as open).
    case inProgress = "in-progress"
    /// Finished: VTODO `COMPLETED` (+ `COMPLETED`, `PERCENT-COMPLETE:100`), VEVENT `CONFIRMED` +
    /// `X-CADENCE-DONE`.
    case done
    /// Called off: `CANCELLED` in both components.
    case cancelled

    /// Whether the task still waits for work (open or in progress): contact changes patch these.
    public var isActive: Bool { self == .open || self == .inProgress }
}

/// A task's priority (`PRIORITY` 1 / 5 / 9, RFC 5545 §3.8.1.9).
public enum TaskPriority: String, Sendable, Hashable, Codable, CaseIterable {
    /// `PRIORITY` 1–4.
    case high
    /// `PRIORITY` 5 (or 0 / absent is no priority at all, `nil`).
    case normal
    /// `PRIORITY` 6–9.
    case low
}
