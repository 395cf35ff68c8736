import Foundation
import Synchronization

/// Resolves TZIDs to offsets (RFC 5545 §3.3.5 form #3, §3.6.5): the calendar object's own
/// VTIMEZONE first, then the IANA database by name, then Windows and Outlook names.
///
/// A value type: VTIMEZONEs are compiled and the zones that the calendar refers to are looked up
/// once, in `init`. An unknown TZID resolves to `nil`, and callers read the time as floating.
public struct TimeZoneRegistry: TimeZoneResolving, Sendable {
    /// The compiled VTIMEZONEs, in the order given (the first of two with one TZID wins).
    private let zones: [TimeZoneDefinition]
    /// Index into `zones` by TZID (blanks and quotes trimmed).
    private let zoneIndex: [String: Int]
    /// IANA zones for TZIDs that the calendar uses without a VTIMEZONE (`nil`: unknown).
    private let ianaZones: [String: TimeZone?]

    /// A registry with no VTIMEZONE: TZIDs resolve through the IANA database and Windows names.
    public init() {
        zones = []
        zoneIndex = [:]
        ianaZones = [:]
    }

    /// A registry of these VTIMEZONE components (others are ignored, as are unreadable ones).
    public init(timeZones: [Component]) {
        self.init(timeZones: timeZones, referencedTZIDs: [])
    }

    /// A registry of a VCALENDAR's VTIMEZONEs, with the IANA zones of the TZIDs it uses without
    /// one looked up ahead.
    public init(calendar: Component) {
        if calendar.name == "VTIMEZONE" {
            self.init(timeZones: [calendar], referencedTZIDs: [])
            return
        }
        var referenced: Set<String> = []
        Self.collectTZIDs(in: calendar, into: &referenced)
        self.init(timeZones: calendar.components(named: "VTIMEZONE"), referencedTZIDs: referenced)
    }

    private init(timeZones: [Component], referencedTZIDs: Set<String>) {
        var zones: [TimeZoneDefinition] = []
        var zoneIndex: [String: Int] = [:]
        for component in timeZones where component.name == "VTIMEZONE" {
            guard let definition = CompiledTimeZones.definition(of: component) else { continue }
            let key = TimeZoneIdentifier.trimmed(definition.tzid)
            guard zoneIndex[key] == nil else { continue }
            zoneIndex[key] = zones.count
            zones.append(definition)
        }
        var ianaZones: [String: TimeZone?] = [:]
        for tzid in referencedTZIDs where zoneIndex[TimeZoneIdentifier.trimmed(tzid)] == nil {
            ianaZones[tzid] = .some(Self.ianaZone(for: tzid))
        }
        self.zones = zones
        self.zoneIndex = zoneIndex
        self.ianaZones = ianaZones
    }

    /// The compiled VTIMEZONEs by TZID.
    public var definitions: [String: TimeZoneDefinition] {
        zoneIndex.mapValues { zones[$0] }
    }

    /// The VTIMEZONE definition that a TZID refers to, if the registry has one.
    public func definition(for tzid: String) -> TimeZoneDefinition? {
        zoneNumber(for: tzid).map { zones[$0] }
    }

    /// The index in `zones` of a TZID's VTIMEZONE.
    @inline(__always)
    private func zoneNumber(for tzid: String) -> Int? {
        if zoneIndex.isEmpty { return nil }
        if let index = zoneIndex[tzid] { return index }
        guard TimeZoneIdentifier.needsTrimming(tzid) else { return nil }
        return zoneIndex[TimeZoneIdentifier.trimmed(tzid)]
    }

    /// The IANA identifier that a TZID names: the name itself, the zone behind a Mozilla-style
    /// prefix, a Windows name's zone, or a display name's city; for a TZID known only through
    /// its VTIMEZONE, the VTIMEZONE's `X-LIC-LOCATION`. `nil` when none is recognised.
    ///
    /// Offsets still come from the VTIMEZONE when there is one, even if they differ.
    public func canonicalIdentifier(for tzid: String) -> String? {
        if let iana = TimeZoneIdentifier.ianaIdentifier(for: tzid) { return iana }
        if let location = definition(for: tzid)?.location {
            return TimeZoneIdentifier.ianaIdentifier(for: location)
        }
        return nil
    }

    /// Whether a TZID resolves, through a VTIMEZONE or by name (for
    /// `CalendarObjectValidator.knownTimeZone`).
    public func isKnown(_ tzid: String) -> Bool {
        zoneNumber(for: tzid) != nil || ianaZone(for: tzid) != nil
    }

    /// The UTC instant of a wall time in `tzid` (RFC 5545 §3.3.5): a time in a DST gap moves
    /// forward by the gap, a time in an overlap takes the first occurrence; `nil` when unknown.
    public func utcSeconds(forLocal local: CalendarDateTime, tzid: String) -> Int64? {
        if let index = zoneNumber(for: tzid) {
            return zones[index].utcSeconds(forLocal: local)
        }
        guard let zone = ianaZone(for: tzid) else { return nil }
        return TimeZoneWallTime.utcSeconds(forLocal: local.secondsSinceEpoch) {
            Self.offset(of: zone, atUTC: $0)
        }
    }

    /// The offset from UTC, in seconds, in effect in `tzid` at a UTC instant; `nil` when unknown.
    public func utcOffset(atUTC seconds: Int64, tzid: String) -> Int? {
        if let index = zoneNumber(for: tzid) {
            return zones[index].utcOffset(atUTC: seconds)
        }
        guard let zone = ianaZone(for: tzid) else { return nil }
        return Self.offset(of: zone, atUTC: seconds)
    }

    private func ianaZone(for tzid: String) -> TimeZone? {
        if let known = ianaZones[tzid] { return known }
        return Self.ianaZone(for: tzid)
    }

    private static func ianaZone(for tzid: String) -> TimeZone? {
        if let iana = WindowsTimeZones.ianaByExactName[tzid] { return TimeZone(identifier: iana) }
        if let zone = TimeZone(identifier: tzid) { return zone }
        guard let iana = TimeZoneIdentifier.ianaIdentifier(for: tzid) else { return nil }
        return TimeZone(identifier: iana)
    }

    @inline(__always)
    private static func offset(of zone: TimeZone, atUTC seconds: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func collectTZIDs(in component: Component, into set: inout Set<String>) {
        guard component.name != "VTIMEZONE" else { return }
        for property in component.properties where !property.parameters.isEmpty {
            for parameter in property.parameters where parameter.name == "TZID" {
                set.insert(parameter.value)
            }
        }
        for sub in component.components { collectTZIDs(in: sub, into: &set) }
    }
}

/// VTIMEZONEs compiled once per process: a client writes the same definitions into every object
/// it stores, and a report or an export reads hundreds of them. Keyed by the whole component, so
/// a cached definition is exactly the one its text gives (RFC 5545 §3.6.5); bounded, emptied when
/// full.
enum CompiledTimeZones {
    static let capacity = 256
    private static let cache = Mutex<[Component: TimeZoneDefinition]>([:])

    /// The compiled definition of a VTIMEZONE, or `nil` when it cannot be read.
    static func definition(of component: Component) -> TimeZoneDefinition? {
        if let known = cache.withLock({ $0[component] }) { return known }
        guard let definition = try? TimeZoneDefinition(component) else { return nil }
        cache.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[component] = definition
        }
        return definition
    }
}
