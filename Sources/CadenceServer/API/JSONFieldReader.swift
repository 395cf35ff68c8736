import Foundation

/// Reads the members of a JSON request object with field-level validation: each wrong member
/// adds a `{field, message}` and `finish()` throws them together as one 422 problem.
struct JSONFieldReader {
    let value: JSONValue
    /// The JSON path prefix of the members (`emails[1].`).
    let prefix: String
    private(set) var errors: [APIProblem.FieldError] = []

    /// A reader of `value`; a non-object is a 422 for the whole body.
    init(_ value: JSONValue, prefix: String = "") throws(APIProblem) {
        guard case .object = value else {
            throw APIProblem.invalid(
                prefix.isEmpty ? "(body)" : String(prefix.dropLast()), "expected an object")
        }
        self.value = value
        self.prefix = prefix
    }

    /// Records a problem with a member.
    mutating func fail(_ key: String, _ message: String) {
        errors.append(.init(field: prefix + key, message: message))
    }

    /// Adds another reader's problems.
    mutating func absorb(_ other: JSONFieldReader) { errors += other.errors }

    /// Whether the object has the member (even as `null`).
    func has(_ key: String) -> Bool { value[key] != nil }

    /// A string member; `null`/absent is `nil` (a problem when `required`). Empty strings are
    /// `nil` unless `required` (then a problem).
    mutating func string(_ key: String, required: Bool = false) -> String? {
        switch value[key] {
        case .none, .some(.null):
            if required { fail(key, "is required") }
            return nil
        case .some(.string(let text)):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if required { fail(key, "must not be empty") }
                return nil
            }
            return text
        default:
            fail(key, "expected a string")
            return nil
        }
    }

    /// A boolean member, `nil` when absent or `null`.
    mutating func bool(_ key: String) -> Bool? {
        switch value[key] {
        case .none, .some(.null): return nil
        case .some(.bool(let flag)): return flag
        default:
            fail(key, "expected true or false")
            return nil
        }
    }

    /// An integer member within `range`, `nil` when absent or `null`.
    mutating func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        switch value[key] {
        case .none, .some(.null): return nil
        case .some(.number(let number)):
            guard number.rounded() == number, number >= Double(range.lowerBound),
                number <= Double(range.upperBound)
            else {
                fail(key, "expected an integer from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return Int(number)
        default:
            fail(key, "expected an integer")
            return nil
        }
    }

    /// A member that must be one of an enumeration's raw values.
    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type)
        -> T? where T.RawValue == String
    {
        guard let text = string(key) else { return nil }
        if let value = T(rawValue: text) ?? T(rawValue: text.lowercased()) { return value }
        fail(key, "expected one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }

    /// An array of strings (`null`/absent is empty).
    mutating func strings(_ key: String) -> [String] {
        switch value[key] {
        case .none, .some(.null): return []
        case .some(.array(let items)):
            var out: [String] = []
            for (index, item) in items.enumerated() {
                if case .string(let text) = item {
                    out.append(text)
                } else {
                    fail("\(key)[\(index)]", "expected a string")
                }
            }
            return out
        default:
            fail(key, "expected an array of strings")
            return []
        }
    }

    /// An array of objects, each read by `read` with its own prefix (`key[i].`).
    mutating func objects<T>(_ key: String, _ read: (inout JSONFieldReader) -> T) -> [T] {
        switch value[key] {
        case .none, .some(.null): return []
        case .some(.array(let items)):
            var out: [T] = []
            for (index, item) in items.enumerated() {
                do {
                    var reader = try JSONFieldReader(item, prefix: "\(prefix)\(key)[\(index)].")
                    out.append(read(&reader))
                    absorb(reader)
                } catch {
                    errors += error.errors
                }
            }
            return out
        default:
            fail(key, "expected an array of objects")
            return []
        }
    }

    /// An object member read by `read`, `nil` when absent or `null`.
    mutating func object<T>(_ key: String, _ read: (inout JSONFieldReader) -> T) -> T? {
        switch value[key] {
        case .none, .some(.null): return nil
        case .some(let member):
            do {
                var reader = try JSONFieldReader(member, prefix: "\(prefix)\(key).")
                let out = read(&reader)
                absorb(reader)
                return out
            } catch {
                errors += error.errors
                return nil
            }
        }
    }

    /// Throws the collected problems as one 422.
    func finish() throws(APIProblem) {
        guard !errors.isEmpty else { return }
        throw APIProblem(
            .unprocessable,
            detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "),
            errors: errors)
    }
}
