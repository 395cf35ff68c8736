import Testing

@Suite struct ICalendarPlaceholder {
    @Test func placeholder() {}
}
