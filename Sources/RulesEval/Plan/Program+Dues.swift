import RulesExpr
import RulesModel

/// One obligation a rule gives, with its compiled `due:` (nil: none).
struct PDueItem: Sendable {
  let id: String
  let due: ExprFn?
}

/// The obligations of one decision's rules with their due dates, compiled, so that `Dues.of`
/// (which builds a tree-walking evaluator and looks rules up by id) is not run for every case.
final class PDues: Sendable {
  /// By rule index; a rule whose id an earlier rule repeats gives the earlier one's, as `Dues.of` does.
  let rules: [[PDueItem]]
  let otherwise: [PDueItem]
  /// The `otherwise` rule's outcome, interned (-1: no `otherwise`).
  let otherwiseOutcome: Int32

  init(rules: [[PDueItem]], otherwise: [PDueItem], otherwiseOutcome: Int32) {
    self.rules = rules
    self.otherwise = otherwise
    self.otherwiseOutcome = otherwiseOutcome
  }
}

extension PlanCompiler {
  /// The compiled due dates of every decision, or nil when the rule set has no `due:` at all.
  mutating func dues() -> [PDues]? {
    guard rs.obligations.contains(where: { $0.due != nil })
      || rs.decisions.contains(where: { $0.rules.contains { !$0.obligationDues.isEmpty } })
    else { return nil }
    return rs.decisions.map { d in
      var first: [String: Int] = [:]
      for (k, r) in d.rules.enumerated() where first[r.id.value] == nil { first[r.id.value] = k }
      let items = d.rules.map { dueItems(of: d.rules[first[$0.id.value]!]) }
      return PDues(rules: items, otherwise: d.otherwise.map { dueItems(of: $0) } ?? [],
                   otherwiseOutcome: d.otherwise.map { strings.intern($0.outcome) } ?? -1)
    }
  }

  private mutating func dueItems(of rule: Rule) -> [PDueItem] {
    Decision.obligationIDs(of: rule, in: rs.obligationIndex).compactMap { id in
      guard let i = rs.obligationIndex[id] else { return nil }
      guard let slot = rule.obligationDues[id] ?? rs.obligations[i].due else { return PDueItem(id: id, due: nil) }
      let f = closure(expr(slot.typed)), site = slot.range
      return PDueItem(id: id, due: ExprFn { s throws(EvalFailure) in
        do throws(EvalFailure) { return try f(&s) } catch { throw error.at(site) }
      })
    }
  }
}

extension Program {
  /// `Dues.of` for the case just decided in `s`: the same rules, the same order, the same values.
  /// Without `collect` the due dates are worked out (a failure fails the case) but not kept.
  func dues(_ s: inout PlanScratch, collect: Bool) throws(EvalFailure) -> [String: Due] {
    guard let dues else { return [:] }
    var out: [String: Due] = [:]
    for d in decisions.indices {
      let pd = dues[d], range = s.chosenRange[d]
      if range.isEmpty {
        let r = s.decisionRecord[d]
        if pd.otherwiseOutcome >= 0, r.determined, r.outcome == pd.otherwiseOutcome {
          try add(pd.otherwise, &out, &s, collect: collect)
        }
      } else {
        for i in range { try add(pd.rules[Int(s.chosenRules[i])], &out, &s, collect: collect) }
      }
    }
    return out
  }

  private func add(_ items: [PDueItem], _ out: inout [String: Due], _ s: inout PlanScratch, collect: Bool)
    throws(EvalFailure)
  {
    for item in items {
      let due: Due
      if let f = item.due {
        let t = try f.run(&s)
        guard collect else { continue }
        switch t {
        case .known(.date(let x)): due = .date(x)
        case .unknown(let m): due = .unknown(m.indices.map { ruleSet.facts[$0].name }.sorted())
        default: due = .none
        }
      } else {
        due = .none
      }
      out[item.id] = Evaluator.earlier(out[item.id], due)
    }
  }
}
