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
  public let notes: [LocalizedText]
  public let range: SourceRange

  public init(
    id: Located<String>, outcome: String, title: LocalizedText?, description: LocalizedText?, source: Citation?,
    when: Condition?, unless: [Exclusion], deadline: ExprSlot?, obligations: [Located<String>], notes: [LocalizedText],
    range: SourceRange
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
    self.notes = notes
    self.range = range
  }

  /// Rules are equal when they mean the same (positions ignored).
  public static func == (a: Rule, b: Rule) -> Bool {
    a.id == b.id && a.outcome == b.outcome && a.title == b.title && a.description == b.description
      && a.source == b.source && a.when == b.when && a.unless == b.unless && a.deadline == b.deadline
      && a.obligations == b.obligations && a.notes == b.notes
  }

  public func hash(into h: inout Hasher) {
    h.combine(id)
    h.combine(outcome)
    h.combine(when)
  }
}

/// An exclusion: when its condition holds, the rule does not apply, for the reason given.
public struct Exclusion: Hashable, Sendable {
  public let id: Located<String>
  public let when: Condition
  public let reason: LocalizedText?
  public let source: Citation?
  public let range: SourceRange
}
