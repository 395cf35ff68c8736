import Foundation
import Logging

/// A swift-log handler writing one JSON object per line (`--log-format json`, issue 7):
/// `time`, `level`, `label`, `message`, then the metadata (the request id among it).
struct JSONLogHandler: LogHandler {
    /// The logger's label.
    let label: String
    /// Where each line goes (standard output by default).
    let write: @Sendable (String) -> Void
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// A handler writing to standard output.
    init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput)
    {
        self.label = label
        self.write = write
    }

    /// Writes a line to standard output (`LogOutput`).
    static let standardOutput: @Sendable (String) -> Void = { line in
        LogOutput.standardOutput.write(line + "\n")
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let now = Date().timeIntervalSince1970
        var members: [JSONValue.Member] = [
            .init(key: "time", value: .string(Self.timestamp(now))),
            .init(key: "level", value: .string(event.level.rawValue)),
            .init(key: "label", value: .string(label)),
            .init(key: "message", value: .string(event.message.description)),
        ]
        for key in merged.keys.sorted() {
            members.append(.init(key: key, value: Self.json(merged[key]!)))
        }
        write(String(decoding: JSONValue.object(members).encoded(), as: UTF8.self))
    }

    /// `2026-11-25T16:10:15.123Z`.
    static func timestamp(_ seconds: Double) -> String {
        let whole = Int64(seconds.rounded(.down))
        let millis = Int((seconds - Double(whole)) * 1000)
        var text = APITime.timestamp(whole)
        text.removeLast()
        let digits = String(millis)
        return text + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let members):
            .object(members.keys.sorted().map { .init(key: $0, value: json(members[$0]!)) })
        }
    }
}
