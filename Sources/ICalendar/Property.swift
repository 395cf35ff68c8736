import ContentLine

/// A parameter of an iCalendar property (RFC 5545 §3.2).
public typealias Parameter = ContentLineParameter

/// An iCalendar property (RFC 5545 §3.5): a name, parameters in order, and the raw value.
///
/// The value is kept exactly as written so that unknown and X- properties round-trip; typed views
/// (`DateTimeValue(property)`, `RecurrenceRule(property)`, `property.text`) interpret it.
public struct Property: Sendable, Hashable {
    /// The name, uppercased.
    public var name: String
    /// Parameters in the order they were written.
    public var parameters: [Parameter]
    /// The raw value, escapes intact.
    public var value: String

    public init(name: String, parameters: [Parameter] = [], value: String) {
        self.name = name.uppercasedName
        self.parameters = parameters
        self.value = value
    }

    /// A TEXT property, escaping `text`.
    public init(name: String, parameters: [Parameter] = [], text: String) {
        self.init(name: name, parameters: parameters, value: TextValue.escape(text))
    }

    init(_ line: ContentLine) {
        name = line.name
        parameters = line.parameters
        value = line.value
    }

    /// The first value of the named parameter (case-insensitive).
    public subscript(parameter name: String) -> String? {
        get {
            let upper = name.uppercasedName
            return parameters.first { $0.name == upper }?.value
        }
        set {
            let upper = name.uppercasedName
            if let newValue {
                if let index = parameters.firstIndex(where: { $0.name == upper }) {
                    parameters[index].values = [newValue]
                } else {
                    parameters.append(Parameter(name: upper, value: newValue))
                }
            } else {
                parameters.removeAll { $0.name == upper }
            }
        }
    }

    /// The value read as TEXT (RFC 5545 §3.3.11): escapes decoded.
    public var text: String {
        get { TextValue.unescape(value) }
        set { value = TextValue.escape(newValue) }
    }

    /// The value read as a comma-separated TEXT list (CATEGORIES, RESOURCES).
    public var textList: [String] {
        get { TextValue.splitList(value) }
        set { value = TextValue.joinList(newValue) }
    }

    /// The `VALUE` parameter, uppercased, if present.
    public var valueType: String? { self[parameter: "VALUE"]?.uppercased() }

    var contentLine: ContentLine { ContentLine(name: name, parameters: parameters, value: value) }
}
