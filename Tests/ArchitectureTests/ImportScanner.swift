/// Finds the `import` declarations in Swift source text.
///
/// Understands every form the language allows on one line: attributes (`@testable`,
/// `@preconcurrency`, `@_exported`, `@_implementationOnly`, `@_spi(X)`), access levels
/// (`public import`), kinds (`import struct X.Y`), submodules (`import X.Y` counts as `X`) and
/// several statements separated by `;`. Comments (nested block comments included) and string
/// literals (multi-line and raw ones included) are blanked first, so `// import Foo` and
/// `"import Foo"` are not imports. Works on bytes; line numbers are 1-based.
struct ImportScanner: Sendable {
    /// One import declaration.
    struct Import: Sendable, Hashable, CustomStringConvertible {
        /// The imported module (the first component of the path).
        var module: String
        /// The 1-based line of the declaration.
        var line: Int
        /// The declaration as written, comments removed.
        var statement: String

        var description: String { "line \(line): \(statement)" }
    }

    private static let modifiers: Set<String> = [
        "public", "package", "internal", "fileprivate", "private", "open",
    ]
    private static let kinds: Set<String> = [
        "typealias", "struct", "class", "enum", "protocol", "let", "var", "func",
    ]

    /// Every import declaration in `source`, in order.
    static func imports(in source: String) -> [Import] {
        var found: [Import] = []
        for (index, line) in codeLines(Array(source.utf8)).enumerated() {
            for statement in line.split(separator: 0x3B) {  // ';'
                let text = String(decoding: statement, as: UTF8.self)
                if let module = importedModule(text) {
                    let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    found.append(Import(module: module, line: index + 1, statement: trimmed))
                }
            }
        }
        return found
    }

    /// The module a single statement imports, or `nil` when it is not an import.
    static func importedModule(_ statement: String) -> String? {
        var tokens = statement.split(whereSeparator: \.isWhitespace)[...]
        // Attributes, possibly with arguments that hold spaces: `@_spi(A B)`.
        while let first = tokens.first, first.hasPrefix("@") {
            tokens = tokens.dropFirst()
            var open = first.filter { $0 == "(" }.count - first.filter { $0 == ")" }.count
            while open > 0, let next = tokens.first {
                open += next.filter { $0 == "(" }.count - next.filter { $0 == ")" }.count
                tokens = tokens.dropFirst()
            }
        }
        while let first = tokens.first, modifiers.contains(String(first)) {
            tokens = tokens.dropFirst()
        }
        guard tokens.first == "import" else { return nil }
        tokens = tokens.dropFirst()
        if let kind = tokens.first, kinds.contains(String(kind)) { tokens = tokens.dropFirst() }
        guard let path = tokens.first else { return nil }
        let module = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        guard let head = module.unicodeScalars.first,
            head == "_" || head.properties.isXIDStart,
            module.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isXIDContinue })
        else { return nil }
        return module
    }

    /// The source split into lines with comments and string literals replaced by spaces.
    static func codeLines(_ bytes: [UInt8]) -> [[UInt8]] {
        let quote: UInt8 = 0x22
        let hash: UInt8 = 0x23
        let slash: UInt8 = 0x2F
        let star: UInt8 = 0x2A
        let backslash: UInt8 = 0x5C
        let newline: UInt8 = 0x0A
        var lines: [[UInt8]] = [[]]
        var blockDepth = 0
        // Inside a string literal: how many `#` delimit it and whether it is `"""`.
        var string: (hashes: Int, multiline: Bool)? = nil
        let count = bytes.count
        func at(_ i: Int) -> UInt8 { i < count ? bytes[i] : 0 }
        var i = 0
        while i < count {
            let c = bytes[i]
            if c == newline {
                lines.append([])
                if let open = string, !open.multiline { string = nil }  // unterminated
                i += 1
                continue
            }
            if blockDepth > 0 {
                if c == slash && at(i + 1) == star {
                    blockDepth += 1
                    i += 2
                } else if c == star && at(i + 1) == slash {
                    blockDepth -= 1
                    i += 2
                } else {
                    i += 1
                }
                continue
            }
            if let open = string {
                if c == backslash && open.hashes == 0 {
                    i += at(i + 1) == newline ? 1 : 2
                    continue
                }
                if c == quote {
                    let quotes = open.multiline ? 3 : 1
                    var closes = true
                    for k in 0..<quotes where at(i + k) != quote { closes = false }
                    for k in 0..<open.hashes where at(i + quotes + k) != hash { closes = false }
                    if closes {
                        string = nil
                        lines[lines.count - 1].append(0x20)
                        i += quotes + open.hashes
                        continue
                    }
                }
                i += 1
                continue
            }
            if c == slash && at(i + 1) == slash {
                while i < count && bytes[i] != newline { i += 1 }
                continue
            }
            if c == slash && at(i + 1) == star {
                blockDepth = 1
                i += 2
                continue
            }
            if c == quote || c == hash {
                var j = i
                while at(j) == hash { j += 1 }
                if at(j) == quote {
                    let multiline = at(j + 1) == quote && at(j + 2) == quote
                    string = (hashes: j - i, multiline: multiline)
                    lines[lines.count - 1].append(0x20)
                    i = j + (multiline ? 3 : 1)
                    continue
                }
            }
            lines[lines.count - 1].append(c)
            i += 1
        }
        return lines
    }
}
