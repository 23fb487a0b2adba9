import Testing

@Suite struct UpstreamPlaceholderTests {
    @Test func placeholder() { #expect(Bool(true)) }
}
