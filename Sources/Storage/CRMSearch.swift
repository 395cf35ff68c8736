import CRM

/// The normalised keys that CRM listings search and look up by, shared by the engines so that
/// they agree byte for byte.
public enum CRMSearch {
    /// The largest page a listing returns.
    public static let maximumLimit = 500

    /// A requested page size clamped to 1…`maximumLimit`.
    public static func clampedLimit(_ limit: Int) -> Int {
        min(max(limit, 1), maximumLimit)
    }

    /// The ASCII digits of a phone number (`+1 (555) 010-1` → `15550101`).
    public static func phoneDigits(_ phone: String) -> String {
        String(decoding: phone.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
    }

    /// An e-mail address as compared: trimmed of spaces and lowercased.
    public static func emailKey(_ email: String) -> String {
        email.trimmingSpaces.lowercased()
    }

    /// A tag as compared: trimmed of spaces and lowercased.
    public static func tagKey(_ tag: String) -> String {
        tag.trimmingSpaces.lowercased()
    }

    /// The text a contact's search matches: its lowercased name, company and e-mail
    /// addresses and the digits of its phone numbers, one per line.
    public static func searchText(of contact: Contact) -> String {
        var parts = [contact.name.lowercased()]
        if let company = contact.company { parts.append(company.lowercased()) }
        parts += contact.emails.map { emailKey($0.value) }
        parts += contact.phones.map { phoneDigits($0.value) }.filter { !$0.isEmpty }
        return parts.joined(separator: "\n")
    }

    /// The text a task's search matches: its lowercased title and notes.
    public static func searchText(of fields: TaskFields) -> String {
        [fields.title.lowercased(), fields.notes?.lowercased() ?? ""].joined(separator: "\n")
    }

    /// The substrings a search for `text` looks for (any one matches): the lowercased text, and
    /// for a text made only of phone characters (digits, spaces, `+-().`/) its digits. Empty for
    /// an empty text (no filter).
    public static func patterns(for text: String) -> [String] {
        let lowered = text.trimmingSpaces.lowercased()
        guard !lowered.isEmpty else { return [] }
        let phoneCharacters = Set("0123456789 +-()./".utf8)
        let digits = phoneDigits(lowered)
        if !digits.isEmpty, digits != lowered, lowered.utf8.allSatisfy(phoneCharacters.contains) {
            return [lowered, digits]
        }
        return [lowered]
    }

    /// Whether `text` contains `pattern`, compared by UTF-8 bytes (as SQLite's `LIKE` does on
    /// lowercased text).
    public static func contains(_ text: String, _ pattern: String) -> Bool {
        let haystack = Array(text.utf8)
        let needle = Array(pattern.utf8)
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0]
            && haystack[start..<start + needle.count].elementsEqual(needle)
        {
            return true
        }
        return false
    }

    /// The sort key of a contact in a listing ordered by `field`.
    public static func sortKey(of contact: Contact, by field: ContactQuery.Field) -> SortKey {
        let value: SortKey.Value? =
            switch field {
            case .name: .text(contact.name.lowercased())
            case .company: contact.company.map { .text($0.lowercased()) }
            case .createdAt: .integer(contact.createdAt)
            case .updatedAt: .integer(contact.updatedAt)
            }
        return SortKey(value: value, id: contact.id)
    }

    /// The sort key of a task in a listing ordered by `field`.
    public static func sortKey(of task: TaskRecord, by field: TaskQuery.Field) -> SortKey {
        let value: SortKey.Value? =
            switch field {
            case .due: task.fields.due.map { .integer($0) }
            case .start: task.fields.start.map { .integer($0) }
            case .title: .text(task.fields.title.lowercased())
            case .createdAt: .integer(task.createdAt)
            case .updatedAt: .integer(task.updatedAt)
            }
        return SortKey(value: value, id: task.id)
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let bytes = Array(utf8)
        var low = 0
        var high = bytes.count
        while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
        while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
        return String(decoding: bytes[low..<high], as: UTF8.self)
    }
}
