import ContentLine

/// An iCalendar component (RFC 5545 §3.4, §3.6): VCALENDAR, VEVENT, VTODO, VALARM, VTIMEZONE, …
///
/// Generic on purpose: every property and sub-component is kept in order, known or not.
public struct Component: Sendable, Hashable {
    /// The component name, uppercased (`VEVENT`, `X-FOO`).
    public var name: String
    /// Properties in the order they were written.
    public var properties: [Property]
    /// Sub-components in the order they were written.
    public var components: [Component]

    public init(name: String, properties: [Property] = [], components: [Component] = []) {
        self.name = name.uppercasedName
        self.properties = properties
        self.components = components
    }

    /// The first property with this name.
    public func property(_ name: String) -> Property? {
        let upper = name.uppercasedName
        return properties.first { $0.name == upper }
    }

    /// Every property with this name, in order.
    public func properties(named name: String) -> [Property] {
        let upper = name.uppercasedName
        return properties.filter { $0.name == upper }
    }

    /// The raw value of the first property with this name.
    public subscript(_ name: String) -> String? {
        property(name)?.value
    }

    /// Replaces every property with this name by `property` (at the first one's place), or appends it.
    public mutating func setProperty(_ property: Property) {
        if let index = properties.firstIndex(where: { $0.name == property.name }) {
            properties[index] = property
            var i = properties.count - 1
            while i > index {
                if properties[i].name == property.name { properties.remove(at: i) }
                i -= 1
            }
        } else {
            properties.append(property)
        }
    }

    /// Removes every property with this name.
    public mutating func removeProperties(named name: String) {
        let upper = name.uppercasedName
        properties.removeAll { $0.name == upper }
    }

    /// The sub-components with this name.
    public func components(named name: String) -> [Component] {
        let upper = name.uppercasedName
        return components.filter { $0.name == upper }
    }

    /// The `UID` as text.
    public var uid: String? { property("UID")?.text }
}
