/// Text for people in Japanese and English (either may be missing in a rule file).
public struct BilingualText: Sendable, Hashable {
  /// The Japanese text.
  public let ja: String?
  /// The English text.
  public let en: String?

  /// Text with these languages.
  public init(ja: String?, en: String?) {
    self.ja = ja
    self.en = en
  }
}

/// The clause an answer rests on, and the sentence it quotes.
public struct ClauseReference: Sendable, Hashable {
  /// The clause, such as `2021-07-06 決定 1(1)①`.
  public let clause: String
  /// The quoted sentence, when the rule file gives one.
  public let quote: String?
}

/// Whether a decision's deadline is still running on the evaluation date.
public enum DeadlineStatus: String, Sendable, Hashable {
  /// On or before the deadline.
  case active
  /// After the deadline.
  case expired
  /// The outcome has no deadline.
  case none
  /// Facts are missing, so the outcome or its deadline is not settled.
  case undetermined
}

/// An obligation an outcome brings, with its text and citation.
public struct ObligationItem: Sendable, Hashable {
  /// The obligation's id in the rule files.
  public let id: String
  /// What the agency must do.
  public let text: BilingualText?
  /// The clause that imposes it.
  public let source: ClauseReference?
  /// When it must be done by (its `due:` in the rule files); nil when it has no fixed date or the date
  /// depends on unknown facts.
  public let due: Day?
  /// Past due on the evaluation date; nil while the due date depends on unknown facts.
  public let overdue: Bool?
}

/// What one decision decided for one case.
public struct DecisionOutcome: Sendable, Hashable {
  /// The decision's id, such as `interim_measure`.
  public let id: String
  /// The decision's title.
  public let title: BilingualText?
  /// True for the rule set's `main` decisions (those that set the exit status of `eval`).
  public let isMain: Bool
  /// False when facts are missing and the outcome, or its deadline, cannot be settled.
  public let determined: Bool
  /// The outcome (`hit: first`/`unique`); nil when undetermined or when nothing matched.
  public let outcome: String?
  /// Every outcome (one for `first`/`unique`; all distinct matches for `collect`).
  public let outcomes: [String]
  /// The title of `outcome` (the decision's `outcomes:` entry, else the matching rule's title).
  public let outcomeTitle: BilingualText?
  /// The deadline of the outcome, if it has one.
  public let deadline: Day?
  /// Whether the deadline is running on the evaluation date.
  public let status: DeadlineStatus
  /// The obligations the outcome brings, with their text.
  public let obligations: [ObligationItem]
  /// The citation of the matching rule.
  public let source: ClauseReference?
  /// Outcomes that unknown rules could still give (when undetermined).
  public let possible: [String]
  /// Unknown facts whose values would settle this decision, sorted by name.
  public let missingFacts: [String]
}

/// Every decision for one case.
public struct CaseResult: Sendable, Hashable {
  /// The evaluation date.
  public let asOf: Day
  /// The id of the rule-set version in effect on `asOf`.
  public let ruleSetID: String
  /// The decisions, in the rule set's order.
  public let decisions: [DecisionOutcome]

  /// The decision with this id, if the rule set has it.
  public subscript(decision id: String) -> DecisionOutcome? { decisions.first { $0.id == id } }

  /// The `main` decisions.
  public var mainDecisions: [DecisionOutcome] { decisions.filter(\.isMain) }

  /// True when every `main` decision is determined.
  public var decided: Bool { mainDecisions.allSatisfy(\.determined) }

  /// Unknown facts any `main` decision needs, sorted.
  public var missingFacts: [String] { Array(Set(mainDecisions.flatMap(\.missingFacts))).sorted() }
}
