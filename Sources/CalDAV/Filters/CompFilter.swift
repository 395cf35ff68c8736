import WebDAV

/// CALDAV:comp-filter (RFC 4791 §9.7.1): a test on the components of one name; the root of a
/// CALDAV:filter (RFC 4791 §9.7) is a comp-filter on VCALENDAR.
public struct CompFilter: Sendable, Hashable {
    /// The component name, uppercased.
    public var name: String
    /// `<C:is-not-defined/>`: match when no such component exists.
    public var isNotDefined: Bool
    /// The component (any instance of it, for a recurring one) must overlap (RFC 4791 §9.9).
    public var timeRange: TimeRange?
    /// Tests on its properties, all of which must hold.
    public var propFilters: [PropFilter]
    /// Tests on its sub-components, all of which must hold.
    public var compFilters: [CompFilter]

    /// Components a comp-filter time-range is defined for (RFC 4791 §9.9).
    static let timedComponents: Set<String> = [
        "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VALARM",
    ]

    /// A comp-filter from its parts.
    public init(
        name: String, isNotDefined: Bool = false, timeRange: TimeRange? = nil,
        propFilters: [PropFilter] = [], compFilters: [CompFilter] = []
    ) {
        self.name = name.uppercased()
        self.isNotDefined = isNotDefined
        self.timeRange = timeRange
        self.propFilters = propFilters
        self.compFilters = compFilters
    }

    /// Parses a `<C:filter>` element or its top-level `<C:comp-filter>`: the top level must be
    /// one comp-filter on VCALENDAR (RFC 4791 §9.7), else 403 `CALDAV:valid-filter`; unknown
    /// elements give 403 `CALDAV:supported-filter`.
    public init(_ element: XMLElement) throws(DAVError) {
        var root = element
        if element.name == CalDAVPrecondition.filter {
            let children = element.elements
            guard children.count == 1, let only = children.first else {
                throw CalDAVPrecondition.validFilter("filter must hold exactly one comp-filter")
            }
            guard only.name == CalDAVPrecondition.compFilter else {
                throw CalDAVPrecondition.supportedFilter("\(only.name) is not supported in filter")
            }
            root = only
        }
        guard root.name == CalDAVPrecondition.compFilter else {
            throw CalDAVPrecondition.validFilter("expected comp-filter, found \(root.name)")
        }
        try self.init(parsing: root, depth: 0)
        guard name == "VCALENDAR", !isNotDefined, timeRange == nil else {
            throw CalDAVPrecondition.validFilter(
                "the top-level comp-filter must test VCALENDAR, found \(name)")
        }
    }

    private init(parsing element: XMLElement, depth: Int) throws(DAVError) {
        self.init(name: try filterName(element))
        for child in element.elements {
            switch child.name {
            case CalDAVPrecondition.isNotDefined:
                isNotDefined = true
            case CalDAVPrecondition.timeRange:
                guard timeRange == nil else {
                    throw CalDAVPrecondition.validFilter("comp-filter \(name): two time-ranges")
                }
                guard Self.timedComponents.contains(name) else {
                    throw CalDAVPrecondition.validFilter(
                        "time-range is not defined for \(name) (RFC 4791 §9.9)")
                }
                timeRange = try TimeRange(child, invalid: CalDAVPrecondition.validFilter)
            case CalDAVPrecondition.propFilter:
                propFilters.append(try PropFilter(child))
            case CalDAVPrecondition.compFilter:
                let nested = try CompFilter(parsing: child, depth: depth + 1)
                guard nested.name != "VCALENDAR", nested.name != name else {
                    throw CalDAVPrecondition.validFilter(
                        "comp-filter \(nested.name) cannot be nested in \(name)")
                }
                compFilters.append(nested)
            default:
                throw CalDAVPrecondition.supportedFilter(
                    "\(child.name) is not supported in comp-filter")
            }
        }
        if isNotDefined && (timeRange != nil || !propFilters.isEmpty || !compFilters.isEmpty) {
            throw CalDAVPrecondition.validFilter(
                "comp-filter \(name): is-not-defined excludes other tests")
        }
    }

    /// For the store's pre-filter: the component type asked (VEVENT/VTODO/…) and the time range
    /// on it, if any — from a VCALENDAR filter with exactly one positive child comp-filter.
    public var prefilter: (component: String?, range: TimeRange?) {
        let positive = compFilters.filter { !$0.isNotDefined }
        guard name == "VCALENDAR", positive.count == 1, let only = positive.first else {
            return (nil, nil)
        }
        return (only.name, only.timeRange)
    }
}
