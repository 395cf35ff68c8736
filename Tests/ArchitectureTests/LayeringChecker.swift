import Foundation

/// Checks sources and the manifest against `LayeringTable`; pure, so it can be fed synthetic input.
struct LayeringChecker: Sendable {
    /// One breach of the table, worded so that the failure message says what to fix.
    struct Violation: Sendable, Hashable, CustomStringConvertible {
        var target: String
        var module: String
        /// Where: `Sources/X/File.swift:3` or `Package.swift`.
        var location: String
        var description: String {
            LayeringTable.allowed[target] == nil
                ? "\(location): target \(target) is not in the layering table (LayeringTable.swift)"
                : "\(location): \(target) may not import or depend on \(module)"
        }
    }

    /// Violations among the imports of one file of `target`.
    static func check(
        target: String, file: String, imports: [ImportScanner.Import]
    ) -> [Violation] {
        imports.compactMap { item in
            LayeringTable.allows(target, item.module) == true
                ? nil
                : Violation(target: target, module: item.module, location: "\(file):\(item.line)")
        }
    }

    /// Violations among the manifest's declared dependencies (test targets are not layered).
    static func check(manifest targets: [ManifestReader.Target]) -> [Violation] {
        var violations: [Violation] = []
        for target in targets where target.type != "test" {
            if LayeringTable.allowed[target.name] == nil {
                violations.append(
                    Violation(target: target.name, module: "", location: "Package.swift"))
                continue
            }
            for dependency in target.dependencies
            where LayeringTable.allows(target.name, dependency) != true {
                violations.append(
                    Violation(target: target.name, module: dependency, location: "Package.swift"))
            }
        }
        return violations
    }

    /// Scans every `.swift` file of every source folder under `root` (`Sources/*` and the
    /// benchmark tools). A folder under `Sources/` that is not in the table is a violation.
    static func checkSources(root: URL) throws -> (files: Int, violations: [Violation]) {
        let fileManager = FileManager.default
        let sources = root.appendingPathComponent("Sources")
        var targets = try fileManager.contentsOfDirectory(atPath: sources.path)
            .filter { !$0.hasPrefix(".") }
            .map { (name: $0, folder: "Sources/\($0)") }
        for bench in ["cadence-bench", "cadence-ceiling"] {
            let folder = LayeringTable.sourceFolder(of: bench)
            if fileManager.fileExists(atPath: root.appendingPathComponent(folder).path) {
                targets.append((name: bench, folder: folder))
            }
        }
        var files = 0
        var violations: [Violation] = []
        for (name, folder) in targets.sorted(by: { $0.name < $1.name }) {
            if LayeringTable.allowed[name] == nil {
                violations.append(Violation(target: name, module: "", location: folder))
                continue
            }
            let base = root.appendingPathComponent(folder)
            guard let walker = fileManager.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                let url = base.appendingPathComponent(relative)
                let text = try String(contentsOf: url, encoding: .utf8)
                files += 1
                violations += check(
                    target: name, file: "\(folder)/\(relative)",
                    imports: ImportScanner.imports(in: text))
            }
        }
        return (files, violations)
    }
}
