import Foundation
import Testing

/// The layering rule of ARCHITECTURE.md: dependencies point downwards only, as the table says.
@Suite struct LayeringTests {
    /// The package root: this file is `<root>/Tests/ArchitectureTests/LayeringTests.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func sourcesImportOnlyWhatTheTableAllows() throws {
        let (files, violations) = try LayeringChecker.checkSources(root: Self.root)
        #expect(files > 10, "found only \(files) Swift files under \(Self.root.path)")
        #expect(violations.map(\.description) == [])
    }

    @Test func manifestDeclaresOnlyWhatTheTableAllows() throws {
        let targets = try ManifestReader(root: Self.root).targets()
        // The reader really read the manifest: a known target with its known dependency.
        let iCalendar = try #require(targets.first { $0.name == "ICalendar" })
        #expect(iCalendar.dependencies == ["ContentLine"])
        #expect(iCalendar.type == "library")
        #expect(targets.contains { $0.name == "cadence-bench" && $0.type == "executable" })
        #expect(LayeringChecker.check(manifest: targets).map(\.description) == [])
    }

    @Test func theTableHasNoCycle() {
        // Depth-first search over project targets only (keys of the table).
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var cycle: [String] = []
        func visit(_ target: String, _ path: [String]) {
            if state[target] == 2 { return }
            if state[target] == 1 {
                cycle = path + [target]
                return
            }
            state[target] = 1
            for next in LayeringTable.allowed[target, default: []].sorted()
            where LayeringTable.allowed[next] != nil {
                visit(next, path + [target])
            }
            state[target] = 2
        }
        for target in LayeringTable.allowed.keys.sorted() { visit(target, []) }
        #expect(cycle == [])
        #expect(LayeringTable.allowed["ContentLine"] == [])
    }
}

/// The checker itself must be able to fail; these feed it synthetic input that breaks the table.
@Suite struct LayeringCheckerTests {
    @Test func scannerFindsEveryImportForm() {
        let source = """
            import Foundation
            @testable import ICalendar
            @preconcurrency import Dispatch
            import struct WebDAV.PropFind
            @_exported public import ContentLine
            @_spi(Internal) @_implementationOnly import Glibc; import CRM.Mapping
            internal import   Synchronization // trailing comment
            // import NotACommentedImport
            /* import NotInABlock /* nested import Nested */ import StillComment */
            let text = "import NotInAString"
            let raw = #"import NotInARawString"#
            let many = \"""
            import NotInAMultilineString
            \"""
            #if canImport(Darwin)
            import Darwin
            #endif
            func importer() {}
            """
        let found = ImportScanner.imports(in: source)
        #expect(
            found.map(\.module) == [
                "Foundation", "ICalendar", "Dispatch", "WebDAV", "ContentLine", "Glibc", "CRM",
                "Synchronization", "Darwin",
            ])
        #expect(found.map(\.line) == [1, 2, 3, 4, 5, 6, 6, 7, 16])
        #expect(found[3].statement == "import struct WebDAV.PropFind")
    }

    @Test func importsAgainstTheTableAreReported() {
        let imports = ImportScanner.imports(
            in: "import Foundation\nimport Swift\n@testable import WebDAV\n")
        let violations = LayeringChecker.check(
            target: "ContentLine", file: "Sources/ContentLine/X.swift", imports: imports)
        #expect(
            violations.map(\.description) == [
                "Sources/ContentLine/X.swift:1: ContentLine may not import or depend on Foundation",
                "Sources/ContentLine/X.swift:3: ContentLine may not import or depend on WebDAV",
            ])
        // Upward and sideways imports, and the transitive one the table does not list.
        let upward = LayeringChecker.check(
            target: "ICalendar", file: "F.swift",
            imports: ImportScanner.imports(in: "import CalDAV\nimport VCard\nimport Foundation"))
        #expect(upward.map(\.module) == ["CalDAV", "VCard"])
        let transitive = LayeringChecker.check(
            target: "CalDAV", file: "F.swift",
            imports: ImportScanner.imports(in: "import ContentLine\nimport ICalendar"))
        #expect(transitive.map(\.module) == ["ContentLine"])
        let testingInLibrary = LayeringChecker.check(
            target: "CRM", file: "F.swift",
            imports: ImportScanner.imports(in: "import StorageTesting\nimport Testing"))
        #expect(testingInLibrary.map(\.module) == ["StorageTesting", "Testing"])
    }

    @Test func manifestAgainstTheTableIsReported() {
        let targets = [
            ManifestReader.Target(
                name: "ICalendar", type: "library", path: "Sources/ICalendar",
                dependencies: ["ContentLine", "Storage"]),
            ManifestReader.Target(
                name: "Storage", type: "library", path: "Sources/Storage",
                dependencies: ["CRM", "StorageTesting"]),
            ManifestReader.Target(
                name: "Mystery", type: "library", path: "Sources/Mystery", dependencies: []),
            ManifestReader.Target(
                name: "StorageTests", type: "test", path: "Tests/StorageTests",
                dependencies: ["Storage", "StorageTesting", "Anything"]),
        ]
        #expect(
            LayeringChecker.check(manifest: targets).map(\.description) == [
                "Package.swift: ICalendar may not import or depend on Storage",
                "Package.swift: Storage may not import or depend on StorageTesting",
                "Package.swift: target Mystery is not in the layering table (LayeringTable.swift)",
            ])
    }
}
