import RulesExpr
import RulesSource

/// How a decision combines the rules that match.
package enum HitPolicy: String, Hashable, Sendable, CaseIterable {
  case first, unique, collect
}

/// A named decision: an ordered list of rules and a fall-back.
package struct Decision: Hashable, Sendable {
  package let name: String
  package let title: LocalizedText?
  package let description: LocalizedText?
  package let hit: HitPolicy
  package let rules: [Rule]
  package let otherwise: Rule?
  package let range: SourceRange
  /// Titles and descriptions declared under `outcomes:`, by outcome id. An outcome without one is
  /// titled by its matching rule.
  package var outcomeTexts: [String: OutcomeText] = [:]

  /// Every outcome the decision can give, in rule order.
  package var outcomes: [String] {
    var seen: Set<String> = []
    return (rules + (otherwise.map { [$0] } ?? [])).map(\.outcome).filter { seen.insert($0).inserted }
  }

  /// The obligations a rule stands for: those it lists, or else the obligation its outcome names
  /// (a rule of an "outstanding obligations" decision gives the obligation's id as its outcome).
  package static func obligationIDs(of rule: Rule, in index: [String: Int]) -> [String] {
    if !rule.obligations.isEmpty { return rule.obligations.map(\.value) }
    return index[rule.outcome] != nil ? [rule.outcome] : []
  }

  /// Ids of every exclusion in the decision.
  package var exclusionIDs: [String] {
    var seen: Set<String> = []
    return rules.flatMap { $0.unless.map(\.id.value) }.filter { seen.insert($0).inserted }
  }
}

/// The title and description a decision declares for one of its outcomes (`outcomes: {ID: {title, description}}`).
package struct OutcomeText: Hashable, Sendable {
  package let title: LocalizedText?
  package let description: LocalizedText?

  package init(title: LocalizedText?, description: LocalizedText?) {
    self.title = title
    self.description = description
  }
}

/// One rule of a decision (also the `otherwise` fall-back, which has no condition).
///
/// A final class with constant fields rather than a struct: the evaluator passes rules around
/// on every case, and a struct of a dozen reference-counted fields costs a retain for each.
package final class Rule: Hashable, Sendable {
  package let id: Located<String>
  package let outcome: String
  package let title: LocalizedText?
  package let description: LocalizedText?
  package let source: Citation?
  package let when: Condition?
  package let unless: [Exclusion]
  package let deadline: ExprSlot?
  package let obligations: [Located<String>]
  /// `due:` given where the rule refers to an obligation (`obligations: [{id: x, due: EXPR}]`), by
  /// obligation id; it replaces the obligation's own `due:` for this rule.
  package let obligationDues: [String: ExprSlot]
  package let notes: [LocalizedText]
  /// Lint findings the authors acknowledged on this rule (`allow:`).
  package let allow: [LintAllowance]
  /// Where the outcome is written (the id when `outcome:` is left out).
  package let outcomeRange: SourceRange
  package let range: SourceRange

  package init(
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
  package static func == (a: Rule, b: Rule) -> Bool {
    a.id == b.id && a.outcome == b.outcome && a.title == b.title && a.description == b.description
      && a.source == b.source && a.when == b.when && a.unless == b.unless && a.deadline == b.deadline
      && a.obligations == b.obligations && a.obligationDues == b.obligationDues && a.notes == b.notes && a.allow == b.allow
  }

  package func hash(into h: inout Hasher) {
    h.combine(id)
    h.combine(outcome)
    h.combine(when)
  }
}

/// An exclusion: when its condition holds, the rule does not apply, for the reason given.
/// A shared one is declared once under the top-level `exclusions:` and named from `unless:`.
package struct Exclusion: Hashable, Sendable {
  /// For a shared exclusion, its name where the rule refers to it.
  package let id: Located<String>
  package let when: Condition
  package let reason: LocalizedText?
  package let source: Citation?
  package let allow: [LintAllowance]
  /// True when declared under the top-level `exclusions:`.
  package let shared: Bool
  /// The exclusion's own text (for a shared one, its declaration).
  package let range: SourceRange

  package init(id: Located<String>, when: Condition, reason: LocalizedText?, source: Citation?,
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
  package static func == (a: Exclusion, b: Exclusion) -> Bool {
    a.id == b.id && a.when == b.when && a.reason == b.reason && a.source == b.source && a.allow == b.allow
  }

  package func hash(into h: inout Hasher) {
    h.combine(id)
    h.combine(when)
  }
}

/// An acknowledged lint finding: `allow: [{lint: CODE, reason: TEXT}]` on a rule, exclusion or definition.
/// `check` does not report that lint there, and lists the acknowledgement with its reason instead.
package struct LintAllowance: Hashable, Sendable {
  package let lint: Located<DiagnosticCode>
  package let reason: LocalizedText

  package init(lint: Located<DiagnosticCode>, reason: LocalizedText) {
    self.lint = lint
    self.reason = reason
  }

  /// The lint codes an `allow:` may name (the warnings `check` gives about one rule, exclusion or definition).
  package static let lints: [DiagnosticCode] = [
    .shadowedRule, .deadlineBeforeDecision, .missingSource, .monthOverflow,
    .nearDuplicateOutcome, .literalConstantDate,
  ]
}
