import RulesExpr
import RulesModel

/// When an obligation must be done by, for one case.
public enum Due: Hashable, Sendable {
  /// No `due:` (or it gives `none`): no fixed deadline.
  case none
  case date(CalendarDate)
  /// The due date depends on these unknown facts.
  case unknown([String])

  public var date: CalendarDate? { if case .date(let d) = self { d } else { nil } }

  /// Past due on `asOf` (nil when the due date is unknown; false with no deadline).
  public func overdue(on asOf: CalendarDate) -> Bool? {
    switch self {
    case .none: return false
    case .date(let d): return asOf > d
    case .unknown: return nil
    }
  }
}

extension Evaluator {
  /// The due date of every obligation the decided rules give, by obligation id. A step of its own
  /// after the decisions, so that any evaluator (tree-walking or compiled) can run it on its
  /// results: a rule's `due:` for an obligation wins over the obligation's own; several rules
  /// giving the same obligation give its earliest date.
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

  private static func earlier(_ a: Due?, _ b: Due) -> Due {
    switch (a, b) {
    case (nil, _), (.none?, _): return b
    case (.date(let x)?, .date(let y)): return .date(min(x, y))
    case (let a?, _): return a
    }
  }
}
