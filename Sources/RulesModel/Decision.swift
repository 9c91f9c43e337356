import RulesExpr
import RulesSource

/// How a decision combines the rules that match.
public enum HitPolicy: String, Hashable, Sendable, CaseIterable {
  case first, unique, collect
}

/// A named decision: an ordered list of rules and a fall-back.
public struct Decision: Hashable, Sendable {
  public let name: String
  public let title: LocalizedText?
  public let description: LocalizedText?
  public let hit: HitPolicy
  public let rules: [Rule]
  public let otherwise: Rule?
  public let range: SourceRange
  /// Titles and descriptions declared under `outcomes:`, by outcome id. An outcome without one is
  /// titled by its matching rule.
  public var outcomeTexts: [String: OutcomeText] = [:]

  /// Every outcome the decision can give, in rule order.
  public var outcomes: [String] {
    var seen: Set<String> = []
    return (rules + (otherwise.map { [$0] } ?? [])).map(\.outcome).filter { seen.insert($0).inserted }
  }

  /// The obligations a rule stands for: those it lists, or else the obligation its outcome names
  /// (a rule of an "outstanding obligations" decision gives the obligation's id as its outcome).
  public static func obligationIDs(of rule: Rule, in index: [String: Int]) -> [String] {
    if !rule.obligations.isEmpty { return rule.obligations.map(\.value) }
    return index[rule.outcome] != nil ? [rule.outcome] : []
  }

  /// Ids of every exclusion in the decision.
  public var exclusionIDs: [String] {
    var seen: Set<String> = []
    return rules.flatMap { $0.unless.map(\.id.value) }.filter { seen.insert($0).inserted }
  }
}

/// The title and description a decision declares for one of its outcomes (`outcomes: {ID: {title, description}}`).
public struct OutcomeText: Hashable, Sendable {
  public let title: LocalizedText?
  public let description: LocalizedText?

  public init(title: LocalizedText?, description: LocalizedText?) {
    self.title = title
    self.description = description
  }
}

/// One rule of a decision (also the `otherwise` fall-back, which has no condition).
///
/// A final class with constant fields rather than a struct: the evaluator passes rules around
/// on every case, and a struct of a dozen reference-counted fields costs a retain for each.
public final class Rule: Hashable, Sendable {
  public let id: Located<String>
  public let outcome: String
  public let title: LocalizedText?
  public let description: LocalizedText?
  public let source: Citation?
  public let when: Condition?
  public let unless: [Exclusion]
  public let deadline: ExprSlot?
  public let obligations: [Located<String>]
  /// `due:` given where the rule refers to an obligation (`obligations: [{id: x, due: EXPR}]`), by
  /// obligation id; it replaces the obligation's own `due:` for this rule.
  public let obligationDues: [String: ExprSlot]
  public let notes: [LocalizedText]
  /// Lint findings the authors acknowledged on this rule (`allow:`).
  public let allow: [LintAllowance]
  /// Where the outcome is written (the id when `outcome:` is left out).
  public let outcomeRange: SourceRange
  public let range: SourceRange

  public init(
    id: Located<String>, outcome: String, title: LocalizedText?, description: LocalizedText?, source: Citation?,
    when: Condition?, unless: [Exclusion], deadline: ExprSlot?, obligations: [Located<String>], notes: [LocalizedText],
    allow: [LintAllowance] = [], outcomeRange: SourceRange? = nil, range: SourceRange, obligationDues: [String: ExprSlot] = [:]
  ) {
    self.id = id
    self.outcome = outcome
    self.title = title
    self.description = description
    self.source = source
    self.when = when
    self.unless = unless
    self.deadline = deadline
    self.obligations = obligations
    self.obligationDues = obligationDues
    self.notes = notes
    self.allow = allow
    self.outcomeRange = outcomeRange ?? id.range
    self.range = range
  }

  /// Rules are equal when they mean the same (positions ignored).
  public static func == (a: Rule, b: Rule) -> Bool {
    a.id == b.id && a.outcome == b.outcome && a.title == b.title && a.description == b.description
      && a.source == b.source && a.when == b.when && a.unless == b.unless && a.deadline == b.deadline
      && a.obligations == b.obligations && a.obligationDues == b.obligationDues && a.notes == b.notes && a.allow == b.allow
  }

  public func hash(into h: inout Hasher) {
    h.combine(id)
    h.combine(outcome)
    h.combine(when)
  }
}

/// An exclusion: when its condition holds, the rule does not apply, for the reason given.
/// A shared one is declared once under the top-level `exclusions:` and named from `unless:`.
public struct Exclusion: Hashable, Sendable {
  /// For a shared exclusion, its name where the rule refers to it.
  public let id: Located<String>
  public let when: Condition
  public let reason: LocalizedText?
  public let source: Citation?
  public let allow: [LintAllowance]
  /// True when declared under the top-level `exclusions:`.
  public let shared: Bool
  /// The exclusion's own text (for a shared one, its declaration).
  public let range: SourceRange

  public init(id: Located<String>, when: Condition, reason: LocalizedText?, source: Citation?,
              allow: [LintAllowance] = [], shared: Bool = false, range: SourceRange) {
    self.id = id
    self.when = when
    self.reason = reason
    self.source = source
    self.allow = allow
    self.shared = shared
    self.range = range
  }

  /// Exclusions are equal when they mean the same: positions ignored, and written in the rule or shared alike.
  public static func == (a: Exclusion, b: Exclusion) -> Bool {
    a.id == b.id && a.when == b.when && a.reason == b.reason && a.source == b.source && a.allow == b.allow
  }

  public func hash(into h: inout Hasher) {
    h.combine(id)
    h.combine(when)
  }
}

/// An acknowledged lint finding: `allow: [{lint: CODE, reason: TEXT}]` on a rule, exclusion or definition.
/// `check` does not report that lint there, and lists the acknowledgement with its reason instead.
public struct LintAllowance: Hashable, Sendable {
  public let lint: Located<DiagnosticCode>
  public let reason: LocalizedText

  public init(lint: Located<DiagnosticCode>, reason: LocalizedText) {
    self.lint = lint
    self.reason = reason
  }

  /// The lint codes an `allow:` may name (the warnings `check` gives about one rule, exclusion or definition).
  public static let lints: [DiagnosticCode] = [
    .shadowedRule, .deadlineBeforeDecision, .missingSource, .monthOverflow,
    .nearDuplicateOutcome, .literalConstantDate,
  ]
}
