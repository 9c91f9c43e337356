import RulesExpr
import RulesModel

/// When an obligation must be done by, for one case.
package enum Due: Hashable, Sendable {
  /// No `due:` (or it gives `none`): no fixed deadline.
  case none
  case date(CalendarDate)
  /// The due date depends on these unknown facts.
  case unknown([String])

  package var date: CalendarDate? { if case .date(let d) = self { d } else { nil } }

  /// Past due on `asOf` (nil when the due date is unknown; false with no deadline).
  package func overdue(on asOf: CalendarDate) -> Bool? {
    switch self {
    case .none: return false
    case .date(let d): return asOf > d
    case .unknown: return nil
    }
  }
}

/// Due dates, worked out after the decisions from their results alone: the tree-walking evaluator's
/// step. The `Program` compiles the same rules (Program+Dues), and the differential test compares the two.
package enum Dues {
  /// The due date of every obligation the decided rules give, by obligation id: a rule's `due:`
  /// for an obligation wins over the obligation's own; several rules giving the same obligation
  /// give its earliest date. `due:` expressions read facts, constants, definitions and the
  /// decisions' results (taken from `results`, never decided again).
  package static func of(_ ruleSet: RuleSet, facts: Facts, asOf: CalendarDate, results: [DecisionResult])
    throws(EvaluationError) -> [String: Due]
  {
    guard ruleSet.obligations.contains(where: { $0.due != nil })
      || ruleSet.decisions.contains(where: { $0.rules.contains { !$0.obligationDues.isEmpty } })
    else { return [:] }
    var e = Evaluator(ruleSet: ruleSet, facts: facts, asOf: asOf, trace: false)
    for (d, r) in results.enumerated() { e.storeDecision(d, r) }
    do { return try e.dues(results) } catch {
      throw EvaluationError(diagnostic: .error(
        .evaluationFailed, error.message, at: error.site ?? .file(ruleSet.location), help: error.help))
    }
  }
}

extension Evaluator {
  /// See `Dues.of`.
  mutating func dues(_ results: [DecisionResult]) throws(EvalFailure) -> [String: Due] {
    var out: [String: Due] = [:]
    for (d, r) in results.enumerated() {
      let decision = ruleSet.decisions[d]
      var rules = r.rules.compactMap { id in decision.rules.first { $0.id.value == id } }
      if let o = decision.otherwise, rules.isEmpty, r.determined, r.outcome == o.outcome { rules.append(o) }
      for rule in rules {
        for id in Decision.obligationIDs(of: rule, in: ruleSet.obligationIndex) {
          guard let i = ruleSet.obligationIndex[id] else { continue }
          let due = try due(rule.obligationDues[id] ?? ruleSet.obligations[i].due)
          out[id] = Self.earlier(out[id], due)
        }
      }
    }
    return out
  }

  private mutating func due(_ slot: ExprSlot?) throws(EvalFailure) -> Due {
    guard let slot else { return .none }
    let t: Tri
    do { t = try Interpreter.evaluate(slot.typed, &self) } catch { throw error.at(slot.range) }
    switch t {
    case .known(.date(let x)): return .date(x)
    case .unknown(let m): return .unknown(m.map { ruleSet.facts[$0].name }.sorted())
    default: return .none
    }
  }

  static func earlier(_ a: Due?, _ b: Due) -> Due {
    switch (a, b) {
    case (nil, _), (.none?, _): return b
    case (.date(let x)?, .date(let y)): return .date(min(x, y))
    case (let a?, _): return a
    }
  }
}
