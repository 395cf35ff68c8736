import Testing

@Suite struct ContentLinePlaceholder {
    @Test func placeholder() {}
}
