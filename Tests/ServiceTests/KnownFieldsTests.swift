import Testing

@testable import Service

@Suite struct KnownFieldsTests {
    private func message(_ object: [String: Any], parent: String? = nil) -> String? {
        do {
            try KnownFields.check(object, allowed: KnownFields.budget, parent: parent)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func namesEveryUnknownMemberSorted() throws {
        let text = try #require(message(["zeta": 1, "alpha": 2, "steps": 3]))

        #expect(text.hasPrefix(#"unknown field "alpha", "zeta": "#))
    }

    @Test func cutsALongNameShort() throws {
        let text = try #require(message([String(repeating: "x", count: 100_000): 1]))

        #expect(text.count < 300)
    }

    @Test func quotesAnEmptyName() throws {
        let text = try #require(message(["": 1]))

        #expect(text.hasPrefix(#"unknown field """#))
    }

    @Test func prefixesTheParent() throws {
        let text = try #require(message(["step": 1], parent: "budget"))

        #expect(text.hasPrefix(#"unknown field "budget.step""#))
        #expect(text.contains("budget.steps"))
    }

    @Test func acceptsKnownMembers() {
        #expect(message(["steps": 1, "deadline_ms": 2]) == nil)
    }
}
