import ContentLine

/// Parses iCalendar text (RFC 5545 §3.4) into components, keeping every property and parameter.
public enum ICalendarParser {
    /// Parsing options.
    public struct Options: Sendable {
        /// Accept what real producers write: lines without fold whitespace, a missing END at the
        /// end of the file, an END that closes several components, stray lines outside components.
        public var lenient: Bool

        public init(lenient: Bool = true) { self.lenient = lenient }
    }

    /// Parses every top-level component in `bytes` (normally one VCALENDAR).
    public static func parse(
        _ bytes: [UInt8], options: Options = Options()
    ) throws(ICalendarError) -> [Component] {
        var reader = ContentLineReader(
            bytes: bytes, options: .init(lenient: options.lenient, splitsGroups: false))
        var roots: [Component] = []
        var stack: [Component] = []
        var lastLine = 0
        while true {
            let next: (line: ContentLine, lineNumber: Int)?
            do {
                next = try reader.next()
            } catch {
                throw ICalendarError(.malformedLine, error.reason, line: error.line)
            }
            guard let (line, number) = next else { break }
            lastLine = number
            switch line.name {
            case "BEGIN":
                let name = trimmedUpper(line.value)
                if name.isEmpty {
                    throw ICalendarError(
                        .malformedLine, "BEGIN without a component name", line: number)
                }
                stack.append(Component(name: name))
            case "END":
                let name = trimmedUpper(line.value)
                guard let index = stack.lastIndex(where: { $0.name == name }) else {
                    if options.lenient { continue }
                    throw ICalendarError(
                        .unexpectedEnd, "END:\(name) without a matching BEGIN", line: number)
                }
                if index != stack.count - 1 && !options.lenient {
                    throw ICalendarError(
                        .unexpectedEnd,
                        "END:\(name) while \(stack[stack.count - 1].name) is still open",
                        line: number)
                }
                while stack.count > index {
                    let done = stack.removeLast()
                    if stack.isEmpty {
                        roots.append(done)
                    } else {
                        stack[stack.count - 1].components.append(done)
                    }
                }
            default:
                if stack.isEmpty {
                    if options.lenient { continue }
                    throw ICalendarError(
                        .propertyOutsideComponent, "property \(line.name) outside any component",
                        line: number)
                }
                stack[stack.count - 1].properties.append(Property(line))
            }
        }
        if !stack.isEmpty {
            if !options.lenient {
                throw ICalendarError(
                    .unclosedComponent, "\(stack[stack.count - 1].name) is never closed",
                    line: lastLine)
            }
            while let done = stack.popLast() {
                if stack.isEmpty {
                    roots.append(done)
                } else {
                    stack[stack.count - 1].components.append(done)
                }
            }
        }
        return roots
    }

    /// Parses text that holds exactly one top-level component.
    public static func parseOne(
        _ bytes: [UInt8], options: Options = Options()
    ) throws(ICalendarError) -> Component {
        let roots = try parse(bytes, options: options)
        guard let first = roots.first else {
            throw ICalendarError(.noComponent, "no component found")
        }
        if roots.count > 1 {
            throw ICalendarError(.notOneCalendar, "\(roots.count) top-level components found")
        }
        return first
    }

    private static func trimmedUpper(_ value: String) -> String {
        var s = Substring(value)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        return s.uppercased()
    }
}

extension Component {
    /// Parses text that holds exactly one top-level component (normally a VCALENDAR).
    public init(parsing text: String, lenient: Bool = true) throws(ICalendarError) {
        self = try ICalendarParser.parseOne(Array(text.utf8), options: .init(lenient: lenient))
    }

    /// Parses bytes that hold exactly one top-level component.
    public init(parsing bytes: [UInt8], lenient: Bool = true) throws(ICalendarError) {
        self = try ICalendarParser.parseOne(bytes, options: .init(lenient: lenient))
    }
}
