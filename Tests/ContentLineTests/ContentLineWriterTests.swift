import ContentLine
import Testing

/// The physical lines of written output, without their CRLF; fails on a bare LF or missing CRLF.
func physicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
            result.append(current)
            current = []
            i += 2
            continue
        }
        current.append(bytes[i])
        i += 1
    }
    #expect(current.isEmpty, "output must end in CRLF")
    return result
}

func written(_ line: ContentLine) -> [UInt8] {
    var out: [UInt8] = []
    ContentLineWriter.write(line, into: &out)
    return out
}

@Suite struct ContentLineWriterTests {
    @Test func shortLineEndsInCRLF() {
        #expect(ContentLineWriter.string(ContentLine(name: "UID", value: "1")) == "UID:1\r\n")
    }

    @Test func foldsAtExactly75Octets() {
        let exactly75 = ContentLine(name: "X", value: String(repeating: "a", count: 73))
        #expect(physicalLines(written(exactly75)).map(\.count) == [75])
        let long = ContentLine(name: "X", value: String(repeating: "a", count: 74 + 74 + 10))
        let physical = physicalLines(written(long))
        #expect(physical.map(\.count) == [75, 75, 12])
        #expect(physical[1].first == 0x20)
        #expect(physical[2].first == 0x20)
    }

    @Test(arguments: ["é", "€", "日", "😀"])
    func neverSplitsUTF8AtAnyPosition(character: String) throws {
        // Every prefix length shifts where the 75-octet boundary falls inside the sequences.
        for prefix in 0..<8 {
            let value =
                String(repeating: "a", count: prefix) + String(repeating: character, count: 90)
            let line = ContentLine(name: "SUMMARY", value: value)
            let out = written(line)
            for physical in physicalLines(out) {
                #expect(physical.count <= 75)
                #expect(String(validating: physical, as: UTF8.self) != nil)
                let body = physical.first == 0x20 ? Array(physical.dropFirst()) : physical
                #expect(body.first.map { $0 & 0xC0 != 0x80 } ?? true, "line starts mid-sequence")
            }
            let back = try ContentLineReader.readAll(out)
            #expect(back == [line], "prefix \(prefix)")
        }
    }

    @Test func quotesParameterValuesWithDelimiters() {
        let line = ContentLine(
            name: "ATTENDEE",
            parameters: [
                .init(name: "CN", value: "Doe, Jane"), .init(name: "DIR", value: "ldap://x"),
                .init(name: "X-S", value: "a;b"), .init(name: "ROLE", value: "CHAIR"),
                .init(name: "MEMBER", values: ["mailto:a@x", "mailto:b@x"]),
            ], value: "mailto:j@x")
        #expect(
            ContentLineWriter.string(line)
                == "ATTENDEE;CN=\"Doe, Jane\";DIR=\"ldap://x\";X-S=\"a;b\";ROLE=CHAIR;MEMBER=\"mailto:\r\n"
                + " a@x\",\"mailto:b@x\":mailto:j@x\r\n")
    }

    @Test func rfc6868Encoding() {
        let line = ContentLine(
            name: "X", parameters: [.init(name: "P", value: "say \"hi\"\n^")], value: "v")
        #expect(ContentLineWriter.string(line) == "X;P=say ^'hi^'^n^^:v\r\n")
    }

    @Test func readOfWriteIsIdentity() throws {
        let samples = [
            ContentLine(name: "SUMMARY", value: "Team meeting"),
            ContentLine(
                name: "X-P", parameters: [.init(name: "A", values: ["1", "x:y", "q\"uote", "^n"])],
                value: String(repeating: "ü日😀", count: 40)),
            ContentLine(name: "DESCRIPTION", value: #"a\nb\,c\;d\\"#),
            ContentLine(name: "X-EMPTY", parameters: [.init(name: "B", value: "")], value: ""),
        ]
        for sample in samples {
            #expect(
                try ContentLineReader.readAll(written(sample), options: .init(lenient: false)) == [
                    sample
                ])
        }
    }
}
