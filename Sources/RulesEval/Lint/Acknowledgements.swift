import RulesModel
import RulesSource

/// A lint warning `check` does not report because the authors accepted it: an `allow:` entry on the
/// rule, exclusion or definition it is in, or a rule carried over unchanged from the version superseded.
package struct AcknowledgedFinding: Hashable, Sendable {
  package let finding: Diagnostic
  /// The `allow:` reason, or which version the rule was carried over from.
  package let reason: String
}

package enum Acknowledgements {
  /// Splits lint warnings into those still reported and those acknowledged. Errors are never acknowledged.
  /// `superseded` is the rule set named by the header's `supersedes`, when it was loaded too.
  package static func apply(_ findings: [Diagnostic], ruleSet rs: RuleSet, superseded: RuleSet?)
    -> (kept: [Diagnostic], acknowledged: [AcknowledgedFinding])
  {
    let owners = self.owners(rs, superseded: superseded)
    var kept: [Diagnostic] = [], acknowledged: [AcknowledgedFinding] = []
    for f in findings {
      guard f.severity == .warning,
        let reason = owners.lazy.filter({ contains($0.range, f.range) }).compactMap({ $0.reason(f.code) }).first
      else {
        kept.append(f)
        continue
      }
      acknowledged.append(AcknowledgedFinding(finding: f, reason: reason))
    }
    return (kept, acknowledged)
  }

  /// A part of the rule set that may acknowledge findings inside it, innermost first.
  struct Owner {
    let range: SourceRange
    let reason: (DiagnosticCode) -> String?
  }

  static func owners(_ rs: RuleSet, superseded: RuleSet?) -> [Owner] {
    func allowing(_ allow: [LintAllowance]) -> (DiagnosticCode) -> String? {
      { code in allow.first { $0.lint.value == code }.map { $0.reason.both } }
    }
    var inner: [Owner] = [], outer: [Owner] = []
    for d in rs.decisions {
      let old = superseded.flatMap { s in s.decisionIndex[d.name].map { s.decisions[$0] } }
      for r in d.rules + (d.otherwise.map { [$0] } ?? []) {
        for x in r.unless where !x.allow.isEmpty { inner.append(Owner(range: x.range, reason: allowing(x.allow))) }
        if !r.allow.isEmpty { outer.append(Owner(range: r.range, reason: allowing(r.allow))) }
        let carried = old.map { o in (o.rules + (o.otherwise.map { [$0] } ?? [])).contains { $0.id == r.id && $0 == r } }
        if carried == true, let s = superseded {
          let from = s.header.id.value
          // A shadowed rule depends on the rules before it, which may be new: that is still reported.
          outer.append(Owner(range: r.range, reason: { code in
            code == .shadowedRule ? nil : "carried over unchanged from `\(from)`"
          }))
        }
      }
    }
    for def in rs.definitions where !def.allow.isEmpty {
      inner.append(Owner(range: def.extent, reason: allowing(def.allow)))
    }
    return inner + outer
  }

  static func contains(_ outer: SourceRange, _ r: SourceRange) -> Bool {
    outer.file == r.file && outer.start <= r.start && r.start <= outer.end
  }
}
