import RulesEval
import RulesModel
import RulesSource
import Testing

/// `check` lints only what loaded cleanly; the loader records what failed instead of the lints
/// guessing from line numbers.
@Suite struct FailedPartsTests {
  @Test func aDecisionUsingABrokenConstantIsNotLinted() throws {
    let y = rules("""
      facts: {a: bool, b: bool, day: date}
      constants:
        cut: 2022/03/31
      decisions:
        broken:
          hit: unique
          rules:
            - {id: x, when: a, unless: [{id: e, when: day > cut, source: s}], source: s}
            - {id: y, when: a, source: s}
        fine:
          hit: unique
          rules:
            - {id: p, when: b, source: s}
            - {id: q, when: b, source: s}
      """, main: "fine")
    let (set, found, used) = RuleSetLoader.check([RuleFile(path: "t.yaml", bytes: Array(y.utf8))], location: "t")
    let rs = try #require(set)
    #expect(found.contains { $0.code == .exprSyntax && $0.range.start.line == 4 })
    // The constant's error is far from the decision, and the exclusion that uses it is silently
    // left out: without the record, `x` and `y` would look like a real overlap.
    #expect(rs.failed.decisions == [rs.decisionIndex["broken"]!])
    let lints = RuleSetLint.run(rs, loadDiagnostics: found, usedFacts: used)
    let overlaps = lints.filter { $0.code == .uniqueOverlap }
    #expect(overlaps.count == 1)
    #expect(overlaps.first?.message.contains("`q`") == true, "\(overlaps.map(\.message))")
  }
}

/// A cycle is reported at each reference that closes it.
@Suite struct CycleSiteTests {
  @Test func everyReferenceOfADefinitionCycleIsMarked() {
    let y = rules("""
      facts: {a: bool}
      definitions:
        one: two and a
        two: not three
        three: one or a
      decisions:
        d:
          rules:
            - {id: r, when: one}
      """)
    let cycles = loadErrors(y).filter { $0.code == .cycle }
    #expect(cycles.map(\.range.start) == [
      SourcePosition(line: 4, column: 8), SourcePosition(line: 5, column: 12), SourcePosition(line: 6, column: 10),
    ], "\(cycles.map { "\($0.range.start) \($0.message)" })")
    #expect(cycles.allSatisfy { $0.message == "definitions depend on each other in a cycle: one → two → three → one" })
  }

  @Test func aDefinitionThatUsesItself() {
    let cycles = loadErrors(rules("""
      facts: {a: bool}
      definitions:
        one: one and a
      decisions:
        d:
          rules:
            - {id: r, when: one}
      """)).filter { $0.code == .cycle }
    #expect(cycles.count == 1)
    #expect(cycles.first?.message == "definitions depend on each other in a cycle: one → one")
    #expect(cycles.first?.range.start == SourcePosition(line: 4, column: 8))
  }
}
