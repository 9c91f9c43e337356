import RulesExpr
import RulesModel
import RulesSource

// Shared pieces of the lints: comparing conditions as conjunctions, and deciding which parts of a
// partly broken rule set can be trusted. The walks, folding and searches live in `Analysis/`.

extension Condition {
  /// The expressions whose conjunction this condition is, when it is a conjunction; `all` lists
  /// and `and` are flattened. Keys compare meaning, not spacing or position.
  var conjuncts: Set<String> {
    switch self {
    case .all(let cs): return cs.reduce(into: Set<String>()) { $0.formUnion($1.conjuncts) }
    case .expr(let s): return Self.split(s.syntax)
    default: return [description]
    }
  }

  private static func split(_ e: Syntax.Expr) -> Set<String> {
    if case .binary(.and, let a, let b) = e.kind { return split(a).union(split(b)) }
    if case .literal(.bool(true)) = e.kind { return [] }
    return [e.description]
  }
}

/// Dependencies and trust for one rule set.
struct LintContext {
  let ruleSet: RuleSet
  let sources: [SourceText]
  /// Decisions that may be evaluated: no error inside them or in anything they read, no cycle.
  let trusted: Set<Int>

  init(_ rs: RuleSet, loadDiagnostics: [Diagnostic]) {
    ruleSet = rs
    sources = rs.files
    // The loader records which decisions and definitions had an error in or under them.
    var broken = rs.failed.decisions
    for (d, decision) in rs.decisions.enumerated() where decision.rules.contains(where: { $0.when == nil }) {
      broken.insert(d)
    }
    let brokenDefinitions = rs.failed.definitions
    // Errors elsewhere (facts, constants, definitions) show up where the broken name is used,
    // or as a stand-in definition, so they are caught above.
    var ok: Set<Int> = []
    let reads = rs.decisions.map { Reads($0.slots, in: rs) }
    let cyclic = Set(rs.decisions.indices.filter { reads[$0].decisions.contains($0) })
    for d in rs.decisions.indices where !broken.contains(d) && !cyclic.contains(d) {
      if !reads[d].decisions.isDisjoint(with: broken) || !reads[d].definitions.isDisjoint(with: brokenDefinitions) { continue }
      // A decision it reads may sit on a cycle it is not part of; evaluating that would not end.
      if !reads[d].decisions.isDisjoint(with: cyclic) { continue }
      ok.insert(d)
    }
    trusted = ok
  }
}
