import RulesEval
import RulesExpr
import RulesModel
import RulesSource

/// What a reviewer compares in one decision's result: outcome, deadline, status, obligations.
public struct DecisionSnapshot: Hashable, Sendable {
  /// The outcome (`first`/`unique`), the outcome list (`collect`), `undetermined`, or `none`.
  public let outcome: String
  public let deadline: String
  public let status: String

  public init(_ r: DecisionResult) {
    if !r.determined {
      outcome = "undetermined"
    } else if r.hit == .collect {
      // A set: the order of a `collect` decision's rules means nothing.
      outcome = Render.list(r.outcomes.sorted())
    } else {
      outcome = r.outcome ?? "none"
    }
    deadline = r.determined ? (r.deadline?.description ?? "none") : "undetermined"
    status = r.status.rawValue
  }
}

/// How one evaluation differs from another, decision by decision.
public struct EvaluationDelta: Hashable, Sendable {
  /// One decision whose result differs; `field` is `outcome`, `deadline` or `status`.
  public struct Change: Hashable, Sendable {
    public let decision: String
    public let field: String
    public let old: String
    public let new: String
  }

  public let changes: [Change]
  public init(changes: [Change]) { self.changes = changes }
  public var isEmpty: Bool { changes.isEmpty }

  /// The kind of change, for grouping: which fields of which decisions changed (values left out,
  /// since deadlines differ from case to case) — outcomes keep their values, being few.
  public var kind: String {
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

  /// Compares the `main` decisions of both versions (matched by name) and the obligations of all decisions.
  public static func between(_ a: Evaluation, _ b: Evaluation) -> EvaluationDelta {
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
    let oblA = Render.list(obligations(a)), oblB = Render.list(obligations(b))
    if oblA != oblB { changes.append(Change(decision: "obligations", field: "obligations", old: oblA, new: oblB)) }
    return EvaluationDelta(changes: changes)
  }

  /// Every obligation any decision gives, sorted.
  static func obligations(_ e: Evaluation) -> [String] {
    Array(Set(e.results.flatMap(\.obligations))).sorted()
  }
}

/// The cases a rule change decides differently, grouped by kind of change.
public struct CaseImpact: Sendable {
  /// One case evaluated under both versions; `error` says why it could not be evaluated under one.
  public struct Case: Sendable {
    public let name: String
    public let origin: String
    public let asOf: CalendarDate?
    public let delta: EvaluationDelta
    public let error: String?
    /// Facts one version does not declare (so cannot read), left out there.
    public let ignored: [String]

    public init(name: String, origin: String, asOf: CalendarDate?, delta: EvaluationDelta, error: String? = nil, ignored: [String] = []) {
      self.name = name
      self.origin = origin
      self.asOf = asOf
      self.delta = delta
      self.error = error
      self.ignored = ignored
    }
  }

  public struct Group: Sendable {
    public let kind: String
    public let cases: [Case]
  }

  public let total: Int
  /// Groups of changed cases, largest first (ties by kind).
  public let groups: [Group]
  /// Cases that could not be evaluated under one or both versions.
  public let failed: [Case]
  /// When the new version takes effect, and the changed cases dated before it: the old version
  /// decides those, so they are listed apart and not counted as changed.
  public let effectiveFrom: CalendarDate?
  public let early: [Case]

  public var changed: Int { groups.reduce(0) { $0 + $1.cases.count } }

  public init(_ cases: [Case], effectiveFrom: CalendarDate? = nil) {
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
