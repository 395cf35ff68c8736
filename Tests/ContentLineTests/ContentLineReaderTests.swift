import ContentLine
import Testing

/// Reads every logical line of `text` (lenient unless told otherwise).
func lines(_ text: String, lenient: Bool = true) throws -> [ContentLine] {
    try ContentLineReader.readAll(Array(text.utf8), options: .init(lenient: lenient))
}

@Suite struct ContentLineReaderTests {
    @Test func unfoldsCRLFAndBareLF() throws {
        let crlf = try lines("SUMMARY:Hello\r\n  World\r\nUID:1\r\n")
        let lf = try lines("SUMMARY:Hello\n  World\nUID:1\n")
        #expect(crlf == lf)
        #expect(crlf.map(\.value) == ["Hello World", "1"])
    }

    @Test func continuationBySpaceAndByTab() throws {
        let read = try lines("DESCRIPTION:ab\r\n cd\r\n\tef\r\n")
        #expect(read.count == 1)
        #expect(read[0].value == "abcdef")
    }

    @Test(arguments: ["é", "日本", "😀"])
    func multiByteCharacterSplitAcrossFold(character: String) throws {
        let bytes = Array(character.utf8)
        // Split after every byte of the first character's sequence.
        for cut in 1..<bytes.count {
            var text = Array("SUMMARY:x".utf8) + bytes[..<cut]
            text += [0x0D, 0x0A, 0x20] + bytes[cut...] + Array("y\r\n".utf8)
            let read = try ContentLineReader.readAll(text)
            #expect(read.map(\.value) == ["x\(character)y"], "cut at \(cut)")
        }
    }

    @Test func quotedParameterValuesKeepDelimiters() throws {
        let line = try #require(
            lines(#"ATTENDEE;CN="Doe, Jane; Dr.";DIR="ldap://x:389/cn=a":mailto:j@x"#).first)
        #expect(line.name == "ATTENDEE")
        #expect(line.parameters.map(\.name) == ["CN", "DIR"])
        #expect(line.parameter("cn")?.values == ["Doe, Jane; Dr."])
        #expect(line.parameter("DIR")?.values == ["ldap://x:389/cn=a"])
        #expect(line.value == "mailto:j@x")
    }

    @Test func parameterValueLists() throws {
        let line = try #require(
            lines(#"ATTENDEE;MEMBER="mailto:a@x","mailto:b@x";TYPE=work,voice:mailto:c@x"#).first)
        #expect(line.parameter("MEMBER")?.values == ["mailto:a@x", "mailto:b@x"])
        #expect(line.parameter("TYPE")?.values == ["work", "voice"])
        #expect(line.parameter("TYPE")?.value == "work,voice")
    }

    @Test func rfc6868Escapes() throws {
        let line = try #require(
            lines(#"X-A;X-P="line1^nline2 ^'q^' ^^ ^x":v"#).first)
        #expect(line.parameter("X-P")?.value == "line1\nline2 \"q\" ^ ^x")
    }

    @Test func namesAreCaseInsensitive() throws {
        let line = try #require(lines("dtstart;tzid=Europe/Berlin:20240101T100000").first)
        #expect(line.name == "DTSTART")
        #expect(line.parameters.map(\.name) == ["TZID"])
        #expect(line.parameters[0].value == "Europe/Berlin")
    }

    @Test func byteOrderMarkAndBlankLinesAreSkipped() throws {
        let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("BEGIN:X\r\n\r\n   \r\n\nEND:X\r\n".utf8)
        var reader = ContentLineReader(bytes: text)
        let first = try #require(try reader.next())
        #expect(first.line.name == "BEGIN")
        #expect(first.lineNumber == 1)
        let second = try #require(try reader.next())
        #expect(second.line.name == "END")
        #expect(second.lineNumber == 5)
        #expect(try reader.next() == nil)
    }

    @Test func lineNumbersCountPhysicalLines() throws {
        var reader = ContentLineReader("A:1\r\n b\r\n c\r\nB:2\r\n")
        #expect(try reader.next()?.lineNumber == 1)
        #expect(try reader.next()?.lineNumber == 4)
    }

    @Test func missingColonIsAnErrorInStrictMode() throws {
        let error = #expect(throws: ContentLineError.self) {
            try lines("UID:1\r\nNOCOLON\r\n", lenient: false)
        }
        #expect(error?.code == .missingColon)
        #expect(error?.line == 2)
    }

    @Test func lineWithoutColonContinuesInLenientMode() throws {
        let read = try lines("DESCRIPTION:first\r\nsecond part\r\nUID:1\r\n")
        #expect(read.map(\.name) == ["DESCRIPTION", "UID"])
        #expect(read[0].value == "first\\nsecond part")
    }

    /// Apple and Google fold long parameter lists before the colon; lenient mode must still see
    /// a new property there, not a raw line break in the previous value.
    @Test func parameterListFoldedBeforeColonStartsAProperty() throws {
        let read = try lines(
            "UID:1\r\nX-APPLE-STRUCTURED-LOCATION;X-TITLE=\"Apple Park\r\n : Visitor\"\r\n :geo:1,2\r\n"
        )
        #expect(read.map(\.name) == ["UID", "X-APPLE-STRUCTURED-LOCATION"])
        #expect(read[1].parameter("X-TITLE")?.value == "Apple Park: Visitor")
        #expect(read[1].value == "geo:1,2")
    }

    @Test func textLineWithColonContinuesWhenItsNameHasSpaces() throws {
        let read = try lines("DESCRIPTION:Agenda\r\nPlease note: room 2\r\nUID:1\r\n")
        #expect(read.map(\.name) == ["DESCRIPTION", "UID"])
        #expect(read[0].value == "Agenda\\nPlease note: room 2")
    }

    @Test func unterminatedQuote() throws {
        let error = #expect(throws: ContentLineError.self) {
            try lines("UID:1\r\n\r\nX;P=\"abc:v\r\n")
        }
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 5)
    }

    @Test func strictRejectsInvalidNameCharacters() throws {
        let error = #expect(throws: ContentLineError.self) {
            try lines("X_Y:1\r\n", lenient: false)
        }
        #expect(error?.code == .invalidName)
        #expect(try lines("X_Y:1\r\n").first?.name == "X_Y")
    }

    @Test func charactersAfterClosingQuote() throws {
        let error = #expect(throws: ContentLineError.self) {
            try lines(#"X;P="a"b:v"#, lenient: false)
        }
        #expect(error?.code == .invalidParameter)
        #expect(try lines(#"X;P="a"b:v"#).first?.parameter("P")?.value == "ab")
    }

    @Test func valueKeepsColonsSemicolonsAndEscapes() throws {
        let line = try #require(lines(#"URL:http://x/a;b?c=d\,e"#).first)
        #expect(line.value == #"http://x/a;b?c=d\,e"#)
    }

    @Test func bareParameterAndEmptyValue() throws {
        let line = try #require(lines("TEL;HOME;X=:").first)
        #expect(line.parameters == [.init(name: "HOME", values: []), .init(name: "X", value: "")])
        #expect(line.value == "")
    }

    @Test func groupsSplitOnlyWhenAsked() throws {
        let vcard = try ContentLineReader.readAll(
            Array("item1.EMAIL:a@x".utf8), options: .init(splitsGroups: true))
        #expect(vcard.first?.group == "item1")
        #expect(vcard.first?.name == "EMAIL")
        #expect(try lines("item1.EMAIL:a@x").first?.name == "ITEM1.EMAIL")
    }
}

@Suite struct TextValueTests {
    @Test func unescapes() {
        #expect(TextValue.unescape(#"a\\b\;c\,d\ne\Nf"#) == "a\\b;c,d\ne\nf")
        #expect(TextValue.unescape(#"a\:b"#) == "a:b")
        #expect(TextValue.unescape("end\\") == "end\\")
    }

    @Test func escapes() {
        #expect(TextValue.escape("a\\b;c,d\ne") == #"a\\b\;c\,d\ne"#)
        #expect(TextValue.escape("x\r\ny\rz") == #"x\ny\nz"#)
        #expect(TextValue.escape("plain: text") == "plain: text")
    }

    @Test func lists() {
        #expect(TextValue.splitList(#"a,b\,c,d\;e"#) == ["a", "b,c", "d;e"])
        #expect(TextValue.joinList(["a", "b,c"]) == #"a,b\,c"#)
        #expect(TextValue.splitList("") == [""])
    }

    @Test(arguments: ["", "plain", "a;b,c\\d\ne", "日本語, ü; 😀\n"])
    func roundTrip(text: String) {
        #expect(TextValue.unescape(TextValue.escape(text)) == text)
    }
}
