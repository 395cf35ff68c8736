import ContentLine

/// Serialises components as RFC 5545 text: CRLF line ends, folded at 75 octets.
public enum ICalendarSerializer {
    /// Appends `component` (and its sub-components) to `out`.
    public static func write(_ component: Component, into out: inout [UInt8]) {
        out.append(contentsOf: "BEGIN:".utf8)
        out.append(contentsOf: component.name.utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        for property in component.properties {
            ContentLineWriter.write(property.contentLine, into: &out)
        }
        for child in component.components {
            write(child, into: &out)
        }
        out.append(contentsOf: "END:".utf8)
        out.append(contentsOf: component.name.utf8)
        out.append(contentsOf: [0x0D, 0x0A])
    }
}

extension Component {
    /// The component serialised as bytes.
    public func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        ICalendarSerializer.write(self, into: &out)
        return out
    }

    /// The component serialised as text.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }
}
