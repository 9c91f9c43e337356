import RulesExpr
import RulesModel

// What counts as "answering differently": the one comparison of two evaluations behind
// `diff --cases`, `diff --explore` and the flip tests of `test`.

/// What a reviewer compares in one decision's result: outcome, deadline and status.
package struct DecisionSnapshot: Hashable, Sendable {
  /// The outcome (`first`/`unique`), the outcome list (`collect`), `undetermined`, or `none`.
  package let outcome: String
  package let deadline: String
  package let status: String

  package init(_ r: DecisionResult) {
    if !r.determined {
      outcome = "undetermined"
    } else if r.hit == .collect {
      // A set: the order of a `collect` decision's rules means nothing.
      outcome = Self.list(r.outcomes.sorted())
    } else {
      outcome = r.outcome ?? "none"
    }
    deadline = r.determined ? (r.deadline?.description ?? "none") : "undetermined"
    status = r.status.rawValue
  }

  /// `[a, b]`: a list as the diff prints it.
  static func list(_ xs: [String]) -> String { "[" + xs.joined(separator: ", ") + "]" }
}

/// How one evaluation differs from another, decision by decision.
package struct EvaluationDelta: Hashable, Sendable {
  /// One decision whose result differs; `field` is `outcome`, `deadline` or `status`.
  package struct Change: Hashable, Sendable {
    package let decision: String
    package let field: String
    package let old: String
    package let new: String
  }

  package let changes: [Change]
  package init(changes: [Change]) { self.changes = changes }
  package var isEmpty: Bool { changes.isEmpty }

  /// The kind of change, for grouping: which fields of which decisions changed (values left out,
  /// since deadlines differ from case to case) — outcomes keep their values, being few.
  package var kind: String {
    var parts: [String] = []
    for c in changes {
      if c.field == "outcome" {
        parts.append("\(c.decision) \(c.old) → \(c.new)")
      } else if c.field == "obligations" {
        parts.append("obligations \(Self.listDelta(c.old, c.new))")
      } else {
        parts.append("\(c.decision).\(c.field)")
      }
    }
    return parts.joined(separator: "; ")
  }

  /// `+a -b` for two rendered lists.
  static func listDelta(_ a: String, _ b: String) -> String {
    func items(_ s: String) -> [String] {
      s.dropFirst().dropLast().split(separator: ",").map { String($0.drop { $0 == " " }) }
    }
    let x = items(a), y = items(b)
    let plus = y.filter { !x.contains($0) }.map { "+" + $0 }
    let minus = x.filter { !y.contains($0) }.map { "-" + $0 }
    return (plus + minus).joined(separator: " ")
  }

  /// Compares the `main` decisions of both versions (matched by name) and, unless `obligations` is
  /// false, the obligations of all decisions (a flip test's answer is the `main` decisions alone).
  package static func between(_ a: Evaluation, _ b: Evaluation, obligations withObligations: Bool = true) -> EvaluationDelta {
    var names: [String] = b.ruleSet.main.map { b.ruleSet.decisions[$0].name }
    for i in a.ruleSet.main where !names.contains(a.ruleSet.decisions[i].name) { names.append(a.ruleSet.decisions[i].name) }
    var changes: [Change] = []
    for name in names {
      let ra = a.ruleSet.decisionIndex[name].map { DecisionSnapshot(a.results[$0]) }
      let rb = b.ruleSet.decisionIndex[name].map { DecisionSnapshot(b.results[$0]) }
      let oa = ra?.outcome ?? "(no such decision)", ob = rb?.outcome ?? "(no such decision)"
      if oa != ob { changes.append(Change(decision: name, field: "outcome", old: oa, new: ob)) }
      if let ra, let rb {
        if ra.deadline != rb.deadline { changes.append(Change(decision: name, field: "deadline", old: ra.deadline, new: rb.deadline)) }
        if ra.status != rb.status { changes.append(Change(decision: name, field: "status", old: ra.status, new: rb.status)) }
      }
    }
    let oblA = DecisionSnapshot.list(obligations(a)), oblB = DecisionSnapshot.list(obligations(b))
    if withObligations, oblA != oblB { changes.append(Change(decision: "obligations", field: "obligations", old: oblA, new: oblB)) }
    return EvaluationDelta(changes: changes)
  }

  /// Every obligation any decision gives, sorted.
  static func obligations(_ e: Evaluation) -> [String] {
    Array(Set(e.results.flatMap(\.obligations))).sorted()
  }
}

