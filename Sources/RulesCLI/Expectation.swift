import RulesEval
import RulesExpr
import RulesModel
import RulesSource
import RulesYAML

/// Compares one decision's result with what a test case expects of it.
enum Expectation {
  static let keys = ["outcome", "outcomes", "contains", "excludes", "deadline", "status", "undetermined",
                     "missing_facts", "excluded", "obligations", "possible"]

  static func compare(_ node: YAMLNode, _ r: DecisionResult, into problems: inout [String]) throws(DiagnosticError) {
    let name = r.name
    if let s = node.scalar {
      if s.value == "undetermined" {
        if r.determined { problems.append("\(name): expected undetermined, got \(show(r))") }
      } else if r.determined == false || (r.outcome ?? r.outcomes.first ?? "none") != s.value || (r.hit == .collect && r.outcomes != [s.value]) {
        problems.append("\(name): expected `\(s.value)`, got \(show(r))")
      }
      return
    }
    var reader = NodeReader()
    guard let f = reader.fields(node, "the expectation for `\(name)`", allowed: keys) else {
      try reader.diagnostics.throwOnError()
      return
    }
    func list(_ k: String) -> [String]? {
      guard let n = f[k] else { return nil }
      return (n.sequence ?? [n]).compactMap { $0.scalar?.value }
    }
    if let n = f["undetermined"], let want = reader.bool(n, "`undetermined`"), want == r.determined {
      problems.append("\(name): expected \(want ? "undetermined" : "determined"), got \(show(r))")
    }
    if let n = f["outcome"], let want = n.scalar?.value {
      let got = r.determined ? (r.outcome ?? "none") : "undetermined"
      if got != want { problems.append("\(name): outcome expected `\(want)`, got `\(got)`") }
    }
    if let want = list("outcomes"), Set(want) != Set(r.outcomes) || !r.determined {
      problems.append("\(name): outcomes expected \(want), got \(r.determined ? r.outcomes.description : "undetermined")")
    }
    if let want = list("contains") {
      let missing = want.filter { !r.outcomes.contains($0) }
      if !missing.isEmpty { problems.append("\(name): should contain \(missing), got \(r.outcomes)") }
    }
    if let want = list("excludes") {
      let present = want.filter { r.outcomes.contains($0) }
      if !present.isEmpty { problems.append("\(name): should not contain \(present), got \(r.outcomes)") }
    }
    if let n = f["deadline"], let s = n.scalar {
      let got = r.deadline?.description ?? "none"
      let want = s.isNull ? "none" : s.value
      if got != want { problems.append("\(name): deadline expected \(want), got \(got)") }
    }
    if let n = f["status"], let want = n.scalar?.value, want != r.status.rawValue {
      problems.append("\(name): status expected \(want), got \(r.status.rawValue)")
    }
    if let want = list("missing_facts") {
      let absent = want.filter { !r.missingFacts.contains($0) }
      if !absent.isEmpty { problems.append("\(name): missing facts should include \(absent), got \(r.missingFacts)") }
    }
    if let want = list("excluded") {
      let fired = r.excluded.map(\.exclusion)
      let absent = want.filter { !fired.contains($0) }
      if !absent.isEmpty { problems.append("\(name): exclusions \(absent) should have fired, fired: \(fired)") }
    }
    if let want = list("obligations") {
      let absent = want.filter { !r.obligations.contains($0) }
      if !absent.isEmpty { problems.append("\(name): obligations should include \(absent), got \(r.obligations)") }
    }
    if let want = list("possible"), Set(want) != Set(r.possible) {
      problems.append("\(name): possible expected \(want), got \(r.possible)")
    }
    try reader.diagnostics.throwOnError()
  }

  static func show(_ r: DecisionResult) -> String {
    guard r.determined else {
      return "undetermined (needs \(r.missingFacts.joined(separator: ", ")))"
    }
    let o = r.hit == .collect ? r.outcomes.description : "`\(r.outcome ?? "none")`"
    return o + (r.deadline.map { " until \($0)" } ?? "")
  }
}

/// What fired across all cases: rules matched, exclusions fired, obligations produced.
struct Coverage {
  struct Item: Hashable {
    let ruleSet: String
    let kind: String
    let name: String
    let clause: String?
  }
  var all: Set<Item> = []
  var fired: Set<Item> = []
  private var seenSets: Set<String> = []

  mutating func record(_ e: Evaluation) {
    let rs = e.ruleSet
    let id = rs.header.id.value
    if seenSets.insert(id).inserted {
      for d in rs.decisions {
        for r in d.rules { all.insert(Item(ruleSet: id, kind: "rule", name: "\(d.name)/\(r.id.value)", clause: r.source?.clause)) }
        for r in d.rules {
          for x in r.unless {
            all.insert(Item(ruleSet: id, kind: "exclusion", name: "\(d.name)/\(r.id.value)/\(x.id.value)", clause: x.source?.clause))
          }
        }
      }
      for o in rs.obligations { all.insert(Item(ruleSet: id, kind: "obligation", name: o.id, clause: o.source?.clause)) }
    }
    for (i, r) in e.results.enumerated() {
      let d = rs.decisions[i]
      for rule in r.rules { fired.insert(Item(ruleSet: id, kind: "rule", name: "\(d.name)/\(rule)", clause: source(d, rule))) }
      for x in r.excluded {
        let clause = d.rules.first { $0.id.value == x.rule }?.unless.first { $0.id.value == x.exclusion }?.source?.clause
        fired.insert(Item(ruleSet: id, kind: "exclusion", name: "\(d.name)/\(x.rule)/\(x.exclusion)", clause: clause))
      }
      for o in r.obligations {
        fired.insert(Item(ruleSet: id, kind: "obligation", name: o, clause: rs.obligationIndex[o].flatMap { rs.obligations[$0].source?.clause }))
      }
    }
  }

  private func source(_ d: Decision, _ rule: String) -> String? { d.rules.first { $0.id.value == rule }?.source?.clause }

  var percent: Double { all.isEmpty ? 100 : Double(all.intersection(fired).count) * 100 / Double(all.count) }

  static func format(_ p: Double) -> String { p == p.rounded() ? String(Int(p)) : String((p * 10).rounded() / 10) }

  func report() -> String {
    let covered = all.intersection(fired).count
    var out = "coverage: \(covered)/\(all.count) (\(Coverage.format(percent))%) rules matched, exclusions fired, obligations produced\n"
    let never = all.subtracting(fired).sorted { ($0.ruleSet, $0.clause ?? "", $0.kind, $0.name) < ($1.ruleSet, $1.clause ?? "", $1.kind, $1.name) }
    for i in never {
      out += "  never fired: \(i.ruleSet) \(i.kind) \(i.name)" + (i.clause.map { "  [\($0)]" } ?? "  [no source]") + "\n"
    }
    return out
  }
}
