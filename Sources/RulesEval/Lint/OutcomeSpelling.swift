import RulesModel
import RulesSource

extension RuleSetLint {
  /// An outcome that one rule gives and that is one or two letters from another outcome of the same
  /// decision is most likely misspelt (`principle-use-requried`): nothing reading the decision
  /// would see it. Outcomes that differ only in a short or numbered part (`new-1-i`, `new-1-ii`;
  /// `type-a`, `type-b`) are distinct on purpose and are not reported.
  static func nearDuplicateOutcomes(_ rs: RuleSet) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for d in rs.decisions {
      let rules = d.rules + (d.otherwise.map { [$0] } ?? [])
      var count: [String: Int] = [:]
      for r in rules { count[r.outcome, default: 0] += 1 }
      let outcomes = d.outcomes
      for r in rules where count[r.outcome] == 1 {
        let near = outcomes.filter { o in
          o != r.outcome && (1...2).contains(Suggestions.distance(o, r.outcome, limit: 2)) && wordsDiffer(o, r.outcome)
            && (count[o] ?? 0) >= 1
        }
        // Of a pair that each appear once, report the one written later.
        guard let other = near.first(where: { count[$0]! > 1 || firstRule(of: $0, in: rules) < firstRule(of: r.outcome, in: rules) })
        else { continue }
        let also = near.count > 1 ? " (or one of: \(near.map { "`\($0)`" }.joined(separator: ", ")))" : ""
        out.append(.warning(
          .nearDuplicateOutcome,
          "outcome `\(r.outcome)` of rule `\(r.id.value)` is given by no other rule and is close to `\(other)`",
          at: r.outcomeRange,
          help: "did you mean `\(other)`?\(also) If the outcome is meant, acknowledge it with `allow: [{lint: near-duplicate-outcome, reason: …}]`"))
      }
    }
    return out
  }

  private static func firstRule(of outcome: String, in rules: [Rule]) -> Int {
    rules.firstIndex { $0.outcome == outcome } ?? Int.max
  }

  /// True when the two names differ inside a word of four or more letters, not in a numeral or a
  /// one-to-three-letter part (so `new-1-i`/`new-1-ii` and `type-a`/`type-b` are not typos).
  static func wordsDiffer(_ a: String, _ b: String) -> Bool {
    func words(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }) }
    let x = words(a), y = words(b)
    guard x.count == y.count else { return min(a.count, b.count) >= 6 }
    let differing = zip(x, y).filter { $0 != $1 }
    return !differing.isEmpty && differing.allSatisfy { p, q in
      min(p.count, q.count) >= 4 && !isNumeral(p) && !isNumeral(q)
    }
  }

  private static func isNumeral(_ w: Substring) -> Bool {
    w.allSatisfy { $0.isNumber } || w.lowercased().allSatisfy { "ivxlcdm".contains($0) }
  }
}
