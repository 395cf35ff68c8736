import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#else
    import Darwin
#endif

/// The text log handler (`--log-format text`, the default): the line swift-log's
/// `StreamLogHandler` writes, `2026-12-07T03:10:42+0000 info cadence: k=v … [source] message`,
/// made for less. Every request logs one access line, and `StreamLogHandler` formatted its local
/// time with `localtime` and `strftime` each time and built the line by interpolation (about 6 %
/// of a GET); here the time text is made once per second and the line is appended in place.
struct TextLogHandler: LogHandler {
    /// The logger's label.
    let label: String
    /// Where each line goes (standard output by default).
    let write: @Sendable (String) -> Void
    var logLevel: Logger.Level = .info
    var metadataProvider: Logger.MetadataProvider?
    var metadata: Logger.Metadata = [:]

    init(
        label: String,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        write: @escaping @Sendable (String) -> Void = { LogOutput.standardOutput.write($0) }
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // The handler's, the provider's and the event's metadata, later ones winning, as a short
        // list sorted by key: cheaper than merging dictionaries and sorting their keys for the
        // access line of every request.
        var pairs: [(key: String, value: Logger.Metadata.Value)] = []
        pairs.reserveCapacity(metadata.count + (event.metadata?.count ?? 0) + 2)
        func put(_ key: String, _ value: Logger.Metadata.Value) {
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = value
            } else {
                pairs.append((key, value))
            }
        }
        for (key, value) in metadata { put(key, value) }
        if let provided = metadataProvider?.get() {
            for (key, value) in provided { put(key, value) }
        }
        if let explicit = event.metadata {
            for (key, value) in explicit { put(key, value) }
        }
        if let error = event.error {
            put("error.message", "\(error)")
            put("error.type", "\(String(reflecting: type(of: error)))")
        }
        pairs.sort { $0.key < $1.key }
        write(
            Self.line(
                time: Self.clock.text(), level: event.level, label: label, metadata: pairs,
                source: event.source, message: event.message.description))
    }

    static func line(
        time: String, level: Logger.Level, label: String,
        metadata: [(key: String, value: Logger.Metadata.Value)], source: String, message: String
    ) -> String {
        var out = ""
        out.reserveCapacity(96 + message.utf8.count + metadata.count * 24)
        out += time
        out += " "
        out += level.rawValue
        if !label.isEmpty {
            out += " "
            out += label
        }
        out += ":"
        for (key, value) in metadata {
            out += " "
            out += key
            out += "="
            switch value {
            case .string(let text): out += text
            default: out += value.description
            }
        }
        out += " ["
        out += source
        out += "] "
        out += message
        out += "\n"
        return out
    }

    static let clock = LocalTimeText()
}

/// The current local time's text, remade when the second changes.
final class LocalTimeText: Sendable {
    private let last = Mutex<(second: Int, text: String)>((-1, ""))

    func text() -> String {
        let now = time(nil)
        let second = Int(now)
        if let known = last.withLock({ $0.second == second ? $0.text : nil }) { return known }
        let text = Self.format(now)
        last.withLock { $0 = (second, text) }
        return text
    }

    /// `strftime("%Y-%m-%dT%H:%M:%S%z")` of the local time, as `StreamLogHandler` writes it.
    static func format(_ seconds: time_t) -> String {
        var seconds = seconds
        var local = tm()
        guard localtime_r(&seconds, &local) != nil else { return "<unknown>" }
        var buffer = [Int8](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
