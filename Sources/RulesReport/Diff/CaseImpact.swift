import RulesEval
import RulesExpr
import RulesModel
import RulesSource

/// The cases a rule change decides differently, grouped by kind of change.
package struct CaseImpact: Sendable {
  /// One case evaluated under both versions; `error` says why it could not be evaluated under one.
  package struct Case: Sendable {
    package let name: String
    package let origin: String
    package let asOf: CalendarDate?
    package let delta: EvaluationDelta
    package let error: String?
    /// Facts one version does not declare (so cannot read), left out there.
    package let ignored: [String]

    package init(name: String, origin: String, asOf: CalendarDate?, delta: EvaluationDelta, error: String? = nil, ignored: [String] = []) {
      self.name = name
      self.origin = origin
      self.asOf = asOf
      self.delta = delta
      self.error = error
      self.ignored = ignored
    }
  }

  package struct Group: Sendable {
    package let kind: String
    package let cases: [Case]
  }

  package let total: Int
  /// Groups of changed cases, largest first (ties by kind).
  package let groups: [Group]
  /// Cases that could not be evaluated under one or both versions.
  package let failed: [Case]
  /// When the new version takes effect, and the changed cases dated before it: the old version
  /// decides those, so they are listed apart and not counted as changed.
  package let effectiveFrom: CalendarDate?
  package let early: [Case]

  package var changed: Int { groups.reduce(0) { $0 + $1.cases.count } }

  package init(_ cases: [Case], effectiveFrom: CalendarDate? = nil) {
    total = cases.count
    failed = cases.filter { $0.error != nil }
    self.effectiveFrom = effectiveFrom
    func isEarly(_ c: Case) -> Bool {
      guard let from = effectiveFrom, let d = c.asOf else { return false }
      return d < from
    }
    early = cases.filter { $0.error == nil && !$0.delta.isEmpty && isEarly($0) }
    let changed = cases.filter { $0.error == nil && !$0.delta.isEmpty && !isEarly($0) }
    var order: [String] = []
    var byKind: [String: [Case]] = [:]
    for c in changed {
      if byKind[c.delta.kind] == nil { order.append(c.delta.kind) }
      byKind[c.delta.kind, default: []].append(c)
    }
    groups = order.map { Group(kind: $0, cases: byKind[$0]!) }
      .sorted { ($0.cases.count, $1.kind) > ($1.cases.count, $0.kind) }
  }
}
