import Testing

@Suite struct ArchitecturePlaceholder {
    @Test func placeholder() {}
}
