import ContentLine

extension VCard {
    /// The card in another version (RFC 6350 Appendix A, RFC 6352 §10.3 `address-data`
    /// `version`): `VERSION`, preference (`TYPE=pref` ⇄ `PREF=1`), inline binaries
    /// (`ENCODING=b;TYPE=JPEG` ⇄ `data:image/jpeg;base64,`), URI-valued binaries
    /// (`VALUE=uri` in 3.0), `tel:` numbers, and 3.0's `TYPE=internet` on `EMAIL`.
    ///
    /// Everything else (unknown and `X-` properties, groups, other parameters) is kept as it
    /// is, and the base64 payload of a binary is copied unchanged, so converting there and
    /// back gives the same data. A card already in `version` is returned unchanged.
    public func converted(to version: VCardVersion) -> VCard {
        guard let current = self.version, current != version else { return self }
        var out: [ContentLine] = []
        out.reserveCapacity(properties.count)
        for line in properties {
            switch version {
            case .v4: out.append(Self.toV4(line))
            case .v3: out.append(Self.toV3(line))
            }
        }
        return VCard(properties: out)
    }

    static let binaryProperties: Set<String> = ["PHOTO", "LOGO", "SOUND", "KEY"]

    static func toV4(_ line: ContentLine) -> ContentLine {
        var line = line
        if line.name == "VERSION" {
            line.value = VCardVersion.v4.rawValue
            return line
        }
        if binaryProperties.contains(line.name) {
            let encoding = line.parameter("ENCODING")?.value.lowercased()
            if encoding == "b" || encoding == "base64" {
                let type = line.parameter("TYPE")?.value.lowercased()
                let family =
                    line.name == "SOUND" ? "audio/" : line.name == "KEY" ? "application/" : "image/"
                let mediaType = type.map { $0.contains("/") ? $0 : family + $0 }
                line.parameters.removeAll { $0.name == "ENCODING" || $0.name == "TYPE" }
                let payload = line.value.filter { !$0.isWhitespace }
                line.value = "data:\(mediaType ?? "application/octet-stream");base64,\(payload)"
                return line
            }
            line.parameters.removeAll {
                $0.name == "VALUE" && $0.value.lowercased() == "uri"
            }
            return line
        }
        var types: [String] = []
        var preferred = false
        var hadTypes = false
        for parameter in line.parameters where parameter.name == "TYPE" {
            hadTypes = true
            for value in parameter.values {
                for item in value.split(separator: ",") {
                    let type = item.lowercased()
                    if type == "pref" {
                        preferred = true
                    } else if line.name == "EMAIL" && type == "internet" {
                        continue
                    } else if !type.isEmpty {
                        types.append(type)
                    }
                }
            }
        }
        if hadTypes {
            let index = line.parameters.firstIndex { $0.name == "TYPE" } ?? line.parameters.endIndex
            line.parameters.removeAll { $0.name == "TYPE" }
            var replacement: [ContentLineParameter] = []
            if !types.isEmpty {
                replacement.append(ContentLineParameter(name: "TYPE", values: types))
            }
            if preferred && line.parameter("PREF") == nil {
                replacement.append(ContentLineParameter(name: "PREF", value: "1"))
            }
            line.parameters.insert(contentsOf: replacement, at: min(index, line.parameters.count))
        }
        return line
    }

    static func toV3(_ line: ContentLine) -> ContentLine {
        var line = line
        if line.name == "VERSION" {
            line.value = VCardVersion.v3.rawValue
            return line
        }
        if binaryProperties.contains(line.name) {
            let value = line.value.trimmedBlanks
            if value.lowercased().hasPrefix("data:"), let comma = value.firstIndex(of: ","),
                value[..<comma].lowercased().hasSuffix(";base64")
            {
                let header = value[value.index(value.startIndex, offsetBy: 5)..<comma]
                let mediaType = header.split(separator: ";").first.map(String.init) ?? ""
                let subtype = mediaType.split(separator: "/").last.map { $0.uppercased() } ?? ""
                line.parameters.removeAll { $0.name == "MEDIATYPE" || $0.name == "VALUE" }
                line.parameters.insert(ContentLineParameter(name: "ENCODING", value: "b"), at: 0)
                if !subtype.isEmpty {
                    line.parameters.insert(
                        ContentLineParameter(name: "TYPE", value: subtype), at: 1)
                }
                line.value = String(value[value.index(after: comma)...])
            } else if line.parameter("VALUE") == nil, !value.isEmpty {
                line.parameters.append(ContentLineParameter(name: "VALUE", value: "uri"))
            }
            return line
        }
        if line.name == "TEL", line.value.lowercased().hasPrefix("tel:") {
            line.value = String(line.value.dropFirst(4))
            line.parameters.removeAll { $0.name == "VALUE" && $0.value.lowercased() == "uri" }
        }
        if let pref = line.parameter("PREF") {
            line.parameters.removeAll { $0.name == "PREF" }
            if pref.value == "1" {
                if let index = line.parameters.firstIndex(where: { $0.name == "TYPE" }) {
                    line.parameters[index].values.append("pref")
                } else {
                    line.parameters.append(ContentLineParameter(name: "TYPE", value: "pref"))
                }
            }
        }
        return line
    }
}
