/// A `DAV:principal-property-search` request (RFC 3744 §9.4), parsed.
///
/// ```xml
/// <D:principal-property-search xmlns:D="DAV:" test="anyof">
///   <D:property-search>
///     <D:prop><D:displayname/></D:prop>
///     <D:match match-type="starts-with">doe</D:match>
///   </D:property-search>
///   <D:prop><D:displayname/></D:prop>
///   <D:apply-to-principal-collection-set/>
/// </D:principal-property-search>
/// ```
///
/// RFC 3744 leaves case sensitivity to the server; matches here ignore case. `test="anyof"`
/// and `match-type` are the CalendarServer extensions that macOS sends (sabre/dav honours them
/// too); without them every criterion must match (`allof`) and a match is a substring match.
public struct PrincipalSearch: Sendable, Hashable {
    /// One `DAV:property-search`: a match against any of its properties' values.
    public struct Criterion: Sendable, Hashable {
        /// The properties whose values are searched.
        public var properties: [XMLName]
        /// The text to find.
        public var match: String
        /// How the text must occur.
        public var matchType: MatchType
    }

    /// Where in a value the match text must occur.
    public enum MatchType: String, Sendable, Hashable {
        case contains
        case startsWith = "starts-with"
        case endsWith = "ends-with"
        case equals

        /// Whether `value` matches `text` under this type, ignoring case.
        public func matches(_ value: String, _ text: String) -> Bool {
            let value = value.lowercased()
            let text = text.lowercased()
            switch self {
            case .contains: return text.isEmpty || value.contains(text)
            case .startsWith: return value.hasPrefix(text)
            case .endsWith: return value.hasSuffix(text)
            case .equals: return value == text
            }
        }
    }

    /// The criteria; an empty list selects every principal.
    public var criteria: [Criterion]
    /// `true` for `test="anyof"`, `false` for `allof` (the default).
    public var anyOf: Bool
    /// The properties to answer for each principal found.
    public var properties: [XMLName]
    /// Whether to search the principal collections rather than the request-URI's members.
    public var appliesToPrincipalCollectionSet: Bool
    /// The client's `DAV:limit`/`DAV:nresults`, if any.
    public var limit: Int?

    /// Parses the body; a malformed search is a `400`.
    ///
    /// Property names sent directly inside `principal-property-search` rather than inside its
    /// `DAV:prop` are taken as requested properties too: python caldav's `search_principals`
    /// sends `<D:prop/><C:calendar-home-set/><D:displayname/>` that way and reads both back.
    public init(_ body: XMLElement) throws(DAVError) {
        anyOf = body.attributes[XMLName("", "test")]?.lowercased() == "anyof"
        criteria = []
        for search in body.all(.dav.name("property-search")) {
            guard let prop = search.first(.dav.prop), let match = search.first(.dav.name("match"))
            else {
                throw DAVError(
                    status: 400, reason: "property-search needs DAV:prop and DAV:match")
            }
            let typeName = match.attributes[XMLName("", "match-type")] ?? "contains"
            guard let matchType = MatchType(rawValue: typeName) else {
                throw DAVError(status: 400, reason: "unknown match-type \(typeName)")
            }
            criteria.append(
                Criterion(
                    properties: prop.elements.map(\.name), match: match.trimmedText,
                    matchType: matchType))
        }
        var properties = body.first(.dav.prop)?.elements.map(\.name) ?? []
        let structural: Set<XMLName> = [
            .dav.name("property-search"), .dav.prop, .dav.name("apply-to-principal-collection-set"),
            .dav.limit,
        ]
        for element in body.elements where !structural.contains(element.name) {
            if !properties.contains(element.name) { properties.append(element.name) }
        }
        self.properties = properties
        appliesToPrincipalCollectionSet =
            body.first(.dav.name("apply-to-principal-collection-set")) != nil
        if let nresults = body.first(.dav.limit)?.first(.dav.nresults) {
            guard let value = Int(nresults.trimmedText), value > 0 else {
                throw DAVError(status: 400, reason: "DAV:nresults must be a positive integer")
            }
            limit = value
        }
    }

    /// Whether a principal with these searchable values matches: `values` gives each
    /// searchable property's string values (a property it lacks matches nothing).
    public func matches(_ values: [XMLName: [String]]) -> Bool {
        if criteria.isEmpty { return true }
        let results = criteria.map { criterion in
            criterion.properties.contains { property in
                (values[property] ?? []).contains {
                    criterion.matchType.matches($0, criterion.match)
                }
            }
        }
        return anyOf ? results.contains(true) : !results.contains(false)
    }
}

/// A backend that can search its principals (RFC 3744 §9.4, §9.5).
public protocol PrincipalSearchBackend: DAVBackend {
    /// The properties a search may name, with a human description each
    /// (`DAV:principal-search-property-set`).
    var searchableProperties: [(name: XMLName, description: String)] { get }

    /// The principals within `scope` (a principal collection, or one of its ancestors) matching
    /// `search`, at most `limit` of them, and whether more matched.
    func principals(matching search: PrincipalSearch, in scope: any DAVResource, limit: Int)
        async throws(DAVError) -> (principals: [any DAVResource], truncated: Bool)
}

/// A collection that principal searches apply to: a principal collection or an ancestor of one.
public protocol PrincipalSearchScope: DAVResource {
    /// Whether principal searches may be sent here.
    var searchesPrincipals: Bool { get }
}
