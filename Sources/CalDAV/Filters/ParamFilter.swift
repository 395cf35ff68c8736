import WebDAV

/// CALDAV:param-filter (RFC 4791 §9.7.3): a test on one parameter of a property.
public struct ParamFilter: Sendable, Hashable {
    /// The parameter name, uppercased.
    public var name: String
    /// `<C:is-not-defined/>`: match when the parameter is absent.
    public var isNotDefined: Bool
    /// A test on the parameter's values; `nil` (and not `isNotDefined`) tests presence only.
    public var textMatch: TextMatch?

    /// A param-filter from its parts.
    public init(name: String, isNotDefined: Bool = false, textMatch: TextMatch? = nil) {
        self.name = name.uppercased()
        self.isNotDefined = isNotDefined
        self.textMatch = textMatch
    }

    /// Parses `<C:param-filter name="…">` (is-not-defined | text-match)?.
    public init(_ element: XMLElement) throws(DAVError) {
        name = try filterName(element)
        isNotDefined = false
        textMatch = nil
        for child in element.elements {
            switch child.name {
            case CalDAVPrecondition.isNotDefined where textMatch == nil && !isNotDefined:
                isNotDefined = true
            case CalDAVPrecondition.textMatch where textMatch == nil && !isNotDefined:
                textMatch = try TextMatch(child)
            case CalDAVPrecondition.isNotDefined, CalDAVPrecondition.textMatch:
                throw CalDAVPrecondition.validFilter(
                    "param-filter \(name) may hold one is-not-defined or one text-match")
            default:
                throw CalDAVPrecondition.supportedFilter(
                    "\(child.name) is not supported in param-filter")
            }
        }
    }
}

/// The `name` attribute of a filter element, uppercased; 403 `CALDAV:valid-filter` when missing.
func filterName(_ element: XMLElement) throws(DAVError) -> String {
    guard let name = element.attributes[XMLName("", "name")], !name.isEmpty else {
        throw CalDAVPrecondition.validFilter("\(element.name.name) has no name attribute")
    }
    return name.uppercased()
}
