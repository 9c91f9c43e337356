import RulesExpr
import RulesModel

extension PlanCompiler {
  /// Compiles the due dates of every rule's obligations into `code.dueItems` (and the rules'
  /// ranges of them), unless the rule set has no `due:` at all. Compiled, so that `Dues.of`
  /// (which builds a tree-walking evaluator and looks rules up by id) is not run for every case.
  mutating func dues() {
    guard rs.obligations.contains(where: { $0.due != nil })
      || rs.decisions.contains(where: { $0.rules.contains { !$0.obligationDues.isEmpty } })
    else { return }
    code.hasDues = true
    for (d, decision) in rs.decisions.enumerated() {
      let dc = code.decisions[d]
      // A rule whose id an earlier rule repeats gives the earlier one's items, as `Dues.of` does.
      var first: [String: (Int32, Int32)] = [:]
      for (k, r) in decision.rules.enumerated() {
        let range = first[r.id.value] ?? dueItems(of: r)
        first[r.id.value] = first[r.id.value] ?? range
        let g = Int(dc.ruleStart) + k
        code.rules[g].dueStart = range.0
        code.rules[g].dueEnd = range.1
      }
      if let o = decision.otherwise {
        let range = dueItems(of: o)
        code.rules[Int(dc.otherwise)].dueStart = range.0
        code.rules[Int(dc.otherwise)].dueEnd = range.1
      }
    }
  }

  private mutating func dueItems(of rule: Rule) -> (Int32, Int32) {
    var items: [DueCode] = []
    var ids: [String] = []
    for id in Decision.obligationIDs(of: rule, in: rs.obligationIndex) {
      guard let i = rs.obligationIndex[id] else { continue }
      ids.append(id)
      guard let slot = rule.obligationDues[id] ?? rs.obligations[i].due else {
        items.append(DueCode(due: -1, site: -1))
        continue
      }
      let f = operand(expr(slot.typed))
      items.append(DueCode(due: f, site: code.site(slot.range)))
    }
    let start = Int32(code.dueItems.count)
    code.dueItems += items
    code.dueIDs += ids
    return (start, Int32(code.dueItems.count))
  }
}

extension Program {
  /// `Dues.of` for the case just decided in `s`: the same rules, the same order, the same values.
  /// Without `collect` the due dates are worked out (a failure fails the case) but not kept.
  func dues(_ s: inout PlanScratch, collect: Bool) throws(EvalFailure) -> [String: Due] {
    guard hasDues else { return [:] }
    let code = self.code
    var out: [String: Due] = [:]
    for d in 0..<code.decisions.count {
      let dc = code.decisions[d], range = s.chosenRange[d]
      if range.isEmpty {
        let r = s.decisionRecord[d]
        if dc.otherwiseOutcome >= 0, r.determined, r.outcome == dc.otherwiseOutcome {
          try add(code.rules[Int(dc.otherwise)], &out, &s, collect: collect)
        }
      } else {
        for i in range { try add(code.rules[Int(dc.ruleStart + s.chosenRules[i])], &out, &s, collect: collect) }
      }
    }
    return out
  }

  private func add(_ rule: RuleCode, _ out: inout [String: Due], _ s: inout PlanScratch, collect: Bool)
    throws(EvalFailure)
  {
    let code = self.code
    for k in Int(rule.dueStart)..<Int(rule.dueEnd) {
      let item = code.dueItems[k]
      let due: Due
      if item.due >= 0 {
        let t: PTri
        do throws(EvalFailure) { t = try run(code, item.due, &s) } catch { throw error.at(code.sites[Int(item.site)]) }
        guard collect else { continue }
        switch t {
        case .known(.date(let x)): due = .date(x)
        case .unknown(let m): due = .unknown(m.indices.map { ruleSet.facts[$0].name }.sorted())
        default: due = .none
        }
      } else {
        guard collect else { continue }
        due = .none
      }
      let id = dueIDs[k]
      out[id] = Evaluator.earlier(out[id], due)
    }
  }
}
