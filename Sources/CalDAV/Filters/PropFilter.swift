import WebDAV

/// CALDAV:prop-filter (RFC 4791 §9.7.2): a test on the properties of one name in a component.
public struct PropFilter: Sendable, Hashable {
    /// The property name, uppercased.
    public var name: String
    /// `<C:is-not-defined/>`: match when no such property exists.
    public var isNotDefined: Bool
    /// A DATE/DATE-TIME property's value must fall inside (RFC 4791 §9.9).
    public var timeRange: TimeRange?
    /// A test on the property's value (TEXT unescaped).
    public var textMatch: TextMatch?
    /// Tests on the property's parameters, all of which must hold.
    public var paramFilters: [ParamFilter]

    /// A prop-filter from its parts.
    public init(
        name: String, isNotDefined: Bool = false, timeRange: TimeRange? = nil,
        textMatch: TextMatch? = nil, paramFilters: [ParamFilter] = []
    ) {
        self.name = name.uppercased()
        self.isNotDefined = isNotDefined
        self.timeRange = timeRange
        self.textMatch = textMatch
        self.paramFilters = paramFilters
    }

    /// Parses `<C:prop-filter name="…">` (is-not-defined | ((time-range | text-match)?,
    /// param-filter*)).
    public init(_ element: XMLElement) throws(DAVError) {
        self.init(name: try filterName(element))
        for child in element.elements {
            switch child.name {
            case CalDAVPrecondition.isNotDefined:
                isNotDefined = true
            case CalDAVPrecondition.timeRange:
                guard timeRange == nil else {
                    throw CalDAVPrecondition.validFilter("prop-filter \(name): two time-ranges")
                }
                timeRange = try TimeRange(child, invalid: CalDAVPrecondition.validFilter)
            case CalDAVPrecondition.textMatch:
                guard textMatch == nil else {
                    throw CalDAVPrecondition.validFilter("prop-filter \(name): two text-matches")
                }
                textMatch = try TextMatch(child)
            case CalDAVPrecondition.paramFilter:
                paramFilters.append(try ParamFilter(child))
            default:
                throw CalDAVPrecondition.supportedFilter(
                    "\(child.name) is not supported in prop-filter")
            }
        }
        if isNotDefined && (timeRange != nil || textMatch != nil || !paramFilters.isEmpty) {
            throw CalDAVPrecondition.validFilter(
                "prop-filter \(name): is-not-defined excludes other tests")
        }
        if timeRange != nil && textMatch != nil {
            throw CalDAVPrecondition.validFilter(
                "prop-filter \(name): time-range and text-match are exclusive")
        }
    }
}
