import Storage
import Testing

@Suite struct ETagTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256Vectors(_ input: String, _ hex: String) {
        #expect(ETag.strong(for: Array(input.utf8)) == "\"\(hex)\"")
    }

    @Test func blockBoundaries() {
        // 55, 56 and 64 bytes straddle the padding boundary of SHA-256.
        #expect(
            ETag.strong(for: Array(repeating: UInt8(ascii: "a"), count: 64))
                == "\"ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb\"")
        #expect(
            ETag.strong(for: Array(repeating: UInt8(ascii: "a"), count: 1_000))
                == "\"41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3\"")
        #expect(ETag.strong(for: [1]) != ETag.strong(for: [2]))
    }
}
