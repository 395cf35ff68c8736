import VCard
import WebDAV

/// `anyof` / `allof` (RFC 6352 §10.5, §10.5.1): how the tests of a filter combine.
public enum FilterTest: String, Sendable, Hashable {
    case anyOf = "anyof"
    case allOf = "allof"

    init(_ element: XMLElement) throws(DAVError) {
        let raw = element.attributes[XMLName("", "test")]
        guard let test = raw.map({ FilterTest(rawValue: $0) }) ?? .anyOf else {
            throw CardDAVNamespace.validFilter("test='\(raw ?? "")' is not anyof or allof")
        }
        self = test
    }

    func combine(_ results: some Sequence<Bool>) -> Bool {
        switch self {
        case .anyOf: results.contains(true)
        case .allOf: results.allSatisfy { $0 }
        }
    }
}

/// CARDDAV:filter (RFC 6352 §10.5): prop-filters combined by `test`; no prop-filter matches
/// every card.
public struct AddressBookFilter: Sendable, Hashable {
    public var test: FilterTest
    public var propFilters: [CardPropFilter]

    public init(test: FilterTest = .anyOf, propFilters: [CardPropFilter] = []) {
        self.test = test
        self.propFilters = propFilters
    }

    /// Parses `<CR:filter test=…>` prop-filter*.
    public init(_ element: XMLElement) throws(DAVError) {
        test = try FilterTest(element)
        propFilters = []
        for child in element.elements {
            guard child.name == .cardDAV.propFilter else {
                throw CardDAVNamespace.supportedFilter("\(child.name) is not supported in filter")
            }
            propFilters.append(try CardPropFilter(child))
        }
    }

    /// Whether the card matches.
    public func matches(_ card: VCard) -> Bool {
        propFilters.isEmpty || test.combine(propFilters.lazy.map { $0.matches(card) })
    }
}

/// CARDDAV:prop-filter (RFC 6352 §10.5.1).
public struct CardPropFilter: Sendable, Hashable {
    /// The property name, uppercased (a group prefix, `item1.EMAIL`, is ignored).
    public var name: String
    public var test: FilterTest
    public var isNotDefined: Bool
    public var textMatches: [CardTextMatch]
    public var paramFilters: [CardParamFilter]

    public init(
        name: String, test: FilterTest = .anyOf, isNotDefined: Bool = false,
        textMatches: [CardTextMatch] = [], paramFilters: [CardParamFilter] = []
    ) {
        self.name = name.uppercased()
        self.test = test
        self.isNotDefined = isNotDefined
        self.textMatches = textMatches
        self.paramFilters = paramFilters
    }

    /// Parses `<CR:prop-filter name=… test=…>` (is-not-defined | (text-match*, param-filter*)).
    public init(_ element: XMLElement) throws(DAVError) {
        self.init(name: try Self.filterName(element), test: try FilterTest(element))
        for child in element.elements {
            switch child.name {
            case .cardDAV.isNotDefined: isNotDefined = true
            case .cardDAV.textMatch: textMatches.append(try CardTextMatch(child))
            case .cardDAV.paramFilter: paramFilters.append(try CardParamFilter(child))
            default:
                throw CardDAVNamespace.supportedFilter(
                    "\(child.name) is not supported in prop-filter")
            }
        }
        if isNotDefined && (!textMatches.isEmpty || !paramFilters.isEmpty) {
            throw CardDAVNamespace.validFilter(
                "prop-filter \(name): is-not-defined excludes other tests")
        }
    }

    static func filterName(_ element: XMLElement) throws(DAVError) -> String {
        guard var name = element.attributes[XMLName("", "name")], !name.isEmpty else {
            throw CardDAVNamespace.validFilter("\(element.name.name) has no name attribute")
        }
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        return name.uppercased()
    }

    /// Whether the card matches: some property of this name passes the tests (or, with
    /// is-not-defined, there is none).
    public func matches(_ card: VCard) -> Bool {
        let lines = card.properties(named: name)
        if isNotDefined { return lines.isEmpty }
        return lines.contains(where: matches)
    }

    func matches(_ line: VCard.Line) -> Bool {
        let tests = textMatches.count + paramFilters.count
        if tests == 0 { return true }
        let value = VCard.unescapedText(line.value)
        let results =
            textMatches.map { $0.matches(value) } + paramFilters.map { $0.matches(line) }
        return test.combine(results)
    }
}

/// CARDDAV:param-filter (RFC 6352 §10.5.2).
public struct CardParamFilter: Sendable, Hashable {
    public var name: String
    public var isNotDefined: Bool
    public var textMatch: CardTextMatch?

    public init(name: String, isNotDefined: Bool = false, textMatch: CardTextMatch? = nil) {
        self.name = name.uppercased()
        self.isNotDefined = isNotDefined
        self.textMatch = textMatch
    }

    /// Parses `<CR:param-filter name=…>` (is-not-defined | text-match)?.
    public init(_ element: XMLElement) throws(DAVError) {
        self.init(name: try CardPropFilter.filterName(element))
        for child in element.elements {
            switch child.name {
            case .cardDAV.isNotDefined where textMatch == nil && !isNotDefined:
                isNotDefined = true
            case .cardDAV.textMatch where textMatch == nil && !isNotDefined:
                textMatch = try CardTextMatch(child)
            case .cardDAV.isNotDefined, .cardDAV.textMatch:
                throw CardDAVNamespace.validFilter(
                    "param-filter \(name) may hold one is-not-defined or one text-match")
            default:
                throw CardDAVNamespace.supportedFilter(
                    "\(child.name) is not supported in param-filter")
            }
        }
    }

    /// Whether the property's parameter passes: any of its values (comma lists split) matches.
    public func matches(_ line: VCard.Line) -> Bool {
        let parameters = line.parameters.filter { $0.name == name }
        if isNotDefined { return parameters.isEmpty }
        guard !parameters.isEmpty else { return false }
        guard let textMatch else { return true }
        let values = parameters.flatMap(\.values).flatMap {
            $0.split(separator: ",").map(String.init)
        }
        if textMatch.negate {
            return !values.contains { !textMatch.matches($0) }
        }
        return values.contains { textMatch.matches($0) }
    }
}
