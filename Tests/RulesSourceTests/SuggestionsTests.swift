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

  @Test func tiesListEveryCandidate() {
    // `new-1ii` is one edit from both; picking one would hide the other.
    #expect(Suggestions.didYouMean("new-1ii", in: ["new-1-i", "new-1-ii", "new-2"]) == "did you mean `new-1-i` or `new-1-ii`?")
    #expect(Suggestions.didYouMean("cat", in: ["bat", "cab", "car"]) == "did you mean `bat`, `cab` or `car`?")
    #expect(Suggestions.didYouMean("incme", in: ["income", "outcome"]) == "did you mean `income`?")
  }

  @Test func transpositionCountsOnce() {
    #expect(Suggestions.distance("ab", "ba") == 1)
    #expect(Suggestions.distance("kitten", "sitting") == 3)
  }
}
