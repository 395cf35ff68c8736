/// An iCalendar file (an export, a `.ics` from another server) split into calendar object
/// resources by UID, for `cadence import` (issue 7).
///
/// RFC 4791 §4.1: a calendar object resource holds the components of one UID — a master and its
/// overrides (`RECURRENCE-ID`) together — plus the VTIMEZONEs they refer to. The split works on
/// the text, line by line, so that every component is copied byte for byte (lossless) and every
/// problem can name the line it starts on; validation is left to the write path (the same as a
/// CalDAV PUT). Each object gets the file's `VERSION`, `PRODID` and `CALSCALE`, never `METHOD`
/// (RFC 4791 §4.1 forbids it in a calendar collection), and a copy of each VTIMEZONE whose
/// TZID one of its lines names in a `TZID` parameter.
public struct CalendarFileSplit: Sendable {
    /// One object to write: the components of one UID.
    public struct Object: Sendable, Hashable {
        /// The components' UID.
        public var uid: String
        /// The line (1-based) of its first component in the file.
        public var line: Int
        /// The object as a `text/calendar` document.
        public var data: [UInt8]
    }

    /// A part of the file left out, and why.
    public struct Skipped: Sendable, Hashable {
        /// The line (1-based) it starts on.
        public var line: Int
        /// The UID, when one was read.
        public var uid: String?
        /// Why it was left out.
        public var reason: String

        /// Creates an entry.
        public init(line: Int, uid: String? = nil, reason: String) {
            self.line = line
            self.uid = uid
            self.reason = reason
        }
    }

    /// The objects, in the order their UIDs first appear.
    public var objects: [Object] = []
    /// What was left out.
    public var skipped: [Skipped] = []

    /// The deepest nesting of components accepted (VCALENDAR › VEVENT › VALARM is 3).
    static let maximumDepth = 16

    /// A component's lines inside a VCALENDAR.
    private struct Chunk {
        var name: String
        var line: Int
        var lines: [Substring]
        /// The unfolded text of the component's own property lines (not those of sub-components).
        var ownProperties: [String]
        /// The unfolded text of every line, sub-components included.
        var allProperties: [String]
    }

    /// Splits `bytes`; `nil` when no VCALENDAR could be read at all (not UTF-8, or none found).
    public static func split(_ bytes: [UInt8]) -> CalendarFileSplit? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        var result = CalendarFileSplit()
        var header: [Substring] = []
        var timeZones: [String: [Substring]] = [:]
        var components: [Chunk] = []
        var sawCalendar = false
        var stack: [String] = []
        var current: Chunk?
        var skipping: (line: Int, depth: Int)?
        // Split on bytes: in a Swift String "\r\n" is one Character.
        let physical: [Substring] = body.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { line in
                Substring(
                    String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
            }
        var index = 0
        while index < physical.count {
            let number = index + 1
            var logical = String(physical[index])
            var raw = [physical[index]]
            index += 1
            while index < physical.count, let first = physical[index].first,
                first == " " || first == "\t"
            {
                logical += physical[index].dropFirst()
                raw.append(physical[index])
                index += 1
            }
            if logical.isEmpty { continue }
            let (name, value) = Self.nameAndValue(logical)
            if name == "BEGIN" {
                let component = value.uppercased()
                if stack.isEmpty {
                    guard component == "VCALENDAR" else {
                        result.skipped.append(
                            .init(line: number, reason: "\(component) outside a VCALENDAR"))
                        skipping = (number, 1)
                        stack.append(component)
                        continue
                    }
                    sawCalendar = true
                } else if stack.count >= maximumDepth {
                    result.skipped.append(.init(line: number, reason: "components nested too deep"))
                    return result.finished(
                        sawCalendar, header: header, timeZones: timeZones, components: components)
                } else if stack.count == 1, skipping == nil {
                    current = Chunk(
                        name: component, line: number, lines: [], ownProperties: [],
                        allProperties: [])
                }
                stack.append(component)
                current?.lines += raw
                continue
            }
            if name == "END" {
                let component = value.uppercased()
                guard let open = stack.last, open == component else {
                    result.skipped.append(
                        .init(
                            line: number,
                            reason: "END:\(component) does not close \(stack.last ?? "anything")"))
                    return result.finished(
                        sawCalendar, header: header, timeZones: timeZones, components: components)
                }
                current?.lines += raw
                stack.removeLast()
                if let skipped = skipping, stack.count < skipped.depth {
                    skipping = nil
                } else if stack.count == 1, let chunk = current {
                    current = nil
                    if chunk.name == "VTIMEZONE" {
                        if let tzid = Self.property("TZID", in: chunk.ownProperties) {
                            timeZones[tzid] = timeZones[tzid] ?? chunk.lines
                        } else {
                            result.skipped.append(
                                .init(line: chunk.line, reason: "VTIMEZONE without TZID"))
                        }
                    } else {
                        components.append(chunk)
                    }
                }
                continue
            }
            if skipping != nil { continue }
            switch stack.count {
            case 0:
                result.skipped.append(.init(line: number, reason: "a line outside a VCALENDAR"))
            case 1:
                if ["VERSION", "PRODID", "CALSCALE"].contains(name),
                    !header.contains(where: { Self.nameAndValue(String($0)).name == name })
                {
                    header += raw
                }
            default:
                current?.lines += raw
                current?.allProperties.append(logical)
                if stack.count == 2 { current?.ownProperties.append(logical) }
            }
        }
        if !stack.isEmpty {
            result.skipped.append(
                .init(line: physical.count, reason: "the file ends inside \(stack.last ?? "")"))
        }
        return result.finished(
            sawCalendar, header: header, timeZones: timeZones, components: components)
    }

    private func finished(
        _ sawCalendar: Bool, header: [Substring], timeZones: [String: [Substring]],
        components: [Chunk]
    ) -> CalendarFileSplit? {
        guard sawCalendar else { return nil }
        var result = self
        var order: [String] = []
        var byUID: [String: [Chunk]] = [:]
        for chunk in components {
            guard let uid = Self.property("UID", in: chunk.ownProperties), !uid.isEmpty else {
                result.skipped.append(.init(line: chunk.line, reason: "\(chunk.name) without UID"))
                continue
            }
            if byUID[uid] == nil { order.append(uid) }
            byUID[uid, default: []].append(chunk)
        }
        var head = header.map(String.init)
        if !head.contains(where: { $0.uppercased().hasPrefix("VERSION") }) {
            head.insert("VERSION:2.0", at: 0)
        }
        if !head.contains(where: { $0.uppercased().hasPrefix("PRODID") }) {
            head.append("PRODID:-//Cadence//Cadence import//EN")
        }
        for uid in order {
            let chunks = byUID[uid] ?? []
            var referenced: [String] = []
            for line in chunks.flatMap(\.allProperties) {
                for tzid in Self.tzidParameters(line) where !referenced.contains(tzid) {
                    referenced.append(tzid)
                }
            }
            var lines = ["BEGIN:VCALENDAR"] + head
            for tzid in referenced {
                if let zone = timeZones[tzid] { lines += zone.map(String.init) }
            }
            for chunk in chunks { lines += chunk.lines.map(String.init) }
            lines.append("END:VCALENDAR")
            result.objects.append(
                Object(
                    uid: uid, line: chunks.first?.line ?? 0,
                    data: Array((lines.joined(separator: "\r\n") + "\r\n").utf8)))
        }
        return result
    }

    // MARK: Reading lines

    /// The name (uppercased, without parameters) and the value of an unfolded content line.
    static func nameAndValue(_ line: String) -> (name: String, value: String) {
        guard let colon = valueColon(line) else { return (line.uppercased(), "") }
        let before = line[..<colon]
        let name = before.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return (name.uppercased(), String(line[line.index(after: colon)...]))
    }

    /// The colon that starts a line's value: the first one outside a quoted parameter value.
    static func valueColon(_ line: String) -> String.Index? {
        var quoted = false
        for index in line.indices {
            switch line[index] {
            case "\"": quoted.toggle()
            case ":" where !quoted: return index
            default: break
            }
        }
        return nil
    }

    /// The value of the first of `lines` named `name`.
    static func property(_ name: String, in lines: [String]) -> String? {
        for line in lines {
            let (lineName, value) = nameAndValue(line)
            if lineName == name { return value }
        }
        return nil
    }

    /// The values of the `TZID` parameters of a line (RFC 5545 §3.2.19), quotes removed.
    static func tzidParameters(_ line: String) -> [String] {
        guard let colon = valueColon(line) else { return [] }
        var parameters: [String] = []
        var currentPart = ""
        var quoted = false
        for character in line[..<colon] {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                parameters.append(currentPart)
                currentPart = ""
            } else {
                currentPart.append(character)
            }
        }
        parameters.append(currentPart)
        return parameters.dropFirst().compactMap { parameter in
            guard let equals = parameter.firstIndex(of: "="),
                parameter[..<equals].uppercased() == "TZID"
            else { return nil }
            var value = String(parameter[parameter.index(after: equals)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
    }
}
