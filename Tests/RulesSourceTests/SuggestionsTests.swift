import Testing
@testable import RulesSource

@Suite struct SuggestionsTests {
  @Test(arguments: [
    ("incme", ["income", "outcome"], "income"),
    ("contract.signed_in", ["contract.signed_on", "contract.ends_on"], "contract.signed_on"),
    ("servcie.name", ["service.name"], "service.name"),
    ("zzz", ["service.name"], nil),
  ] as [(String, [String], String?)])
  func closest(name: String, candidates: [String], expected: String?) {
    #expect(Suggestions.closest(to: name, in: candidates) == expected)
  }

  @Test func transpositionCountsOnce() {
    #expect(Suggestions.distance("ab", "ba") == 1)
    #expect(Suggestions.distance("kitten", "sitting") == 3)
  }
}
