import RulesExpr
import RulesSource

/// A loaded, checked rule set: one version of one policy. Every name is resolved to an index,
/// so evaluation does no lookups by name.
package struct RuleSet: Sendable {
  package let header: Header
  package let facts: [FactDecl]
  package let constants: [ConstantDecl]
  package let definitions: [DefinitionDecl]
  package let tables: [TableDecl]
  package let obligations: [ObligationDecl]
  package let decisions: [Decision]
  /// Indices of `main` decisions, in header order.
  package let main: [Int]
  /// Decisions in an order where each comes after those it reads.
  package let decisionOrder: [Int]
  /// The files read, for quoting lines in messages and for the digest.
  package let files: [SourceText]
  package let factIndex: [String: Int]
  package let decisionIndex: [String: Int]
  package let obligationIndex: [String: Int]
  package let constantIndex: [String: Int]

  package struct Header: Sendable {
    package let id: Located<String>
    package let series: String
    package let title: LocalizedText?
    package let decidedOn: CalendarDate
    package let effectiveFrom: CalendarDate
    package let effectiveUntil: CalendarDate?
    package let supersedes: String?
    package let source: Citation?
    package let main: [Located<String>]
    package let range: SourceRange
  }

  /// The folder or file the rule set was read from.
  package let location: String
  /// Parts that did not load cleanly (empty for a set without errors): lints must not trust them.
  package let failed: FailedParts

  /// Decisions and definitions with a load error in them or in something they use.
  package struct FailedParts: Sendable, Hashable {
    package var decisions: Set<Int> = []
    package var definitions: Set<Int> = []
    package init() {}
  }

  /// What later stages derive from this rule set once (its compiled program).
  package private(set) var cache = RuleSetCache()

  /// The same rule set with an empty cache of its own (for what the cache itself holds).
  package func detached() -> RuleSet {
    var copy = self
    copy.cache = RuleSetCache()
    return copy
  }

  package init(
    header: Header, facts: [FactDecl], constants: [ConstantDecl], definitions: [DefinitionDecl], tables: [TableDecl],
    obligations: [ObligationDecl], decisions: [Decision], main: [Int], decisionOrder: [Int], files: [SourceText],
    location: String, failed: FailedParts = .init()
  ) {
    self.header = header
    self.facts = facts
    self.constants = constants
    self.definitions = definitions
    self.tables = tables
    self.obligations = obligations
    self.decisions = decisions
    self.main = main
    self.decisionOrder = decisionOrder
    self.files = files
    self.location = location
    self.failed = failed
    factIndex = Dictionary(facts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    decisionIndex = Dictionary(decisions.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    obligationIndex = Dictionary(obligations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    constantIndex = Dictionary(constants.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
  }
}

/// A fact a case may give.
package struct FactDecl: Hashable, Sendable {
  package let name: String
  /// The type of a given value (without optional).
  package let type: ExprType
  package let optional: Bool
  package let informational: Bool
  package let label: LocalizedText?
  package let description: LocalizedText?
  package let range: SourceRange
  /// Words for an enum's values (`values: [{value: saas, label: {ja: SaaS}}]`), by value; empty when unlabelled.
  package let valueLabels: [String: LocalizedText]

  package init(name: String, type: ExprType, optional: Bool, informational: Bool, label: LocalizedText?,
              description: LocalizedText?, range: SourceRange, valueLabels: [String: LocalizedText] = [:]) {
    self.name = name
    self.type = type
    self.optional = optional
    self.informational = informational
    self.label = label
    self.description = description
    self.range = range
    self.valueLabels = valueLabels
  }

  /// The type expressions see.
  package var exprType: ExprType { optional ? type.optional : type }

  /// An enum's values in declared order (a list of enums: its items'); empty for other types.
  package var enumValues: [String] {
    switch type {
    case .enumeration(_, let vs), .list(.enumeration(_, let vs)): return vs
    default: return []
    }
  }
}

/// A named fixed value.
package struct ConstantDecl: Hashable, Sendable {
  package let name: String
  package let type: ExprType
  package let value: Value
  /// The expression it was written as (nil for a text or enum value).
  package let expr: ExprSlot?
  /// For an enum switch, the values it may take.
  package let allowed: [String]?
  package let description: LocalizedText?
  package let source: Citation?
  package let range: SourceRange
}

/// A named expression.
package struct DefinitionDecl: Hashable, Sendable {
  package let name: String
  package let body: Condition
  package let type: ExprType
  package let description: LocalizedText?
  package let source: Citation?
  package let allow: [LintAllowance]
  /// The name (the declaration's key).
  package let range: SourceRange
  /// The whole declaration, name and body.
  package let extent: SourceRange
}

/// Something an agency must do, referred to by id.
package struct ObligationDecl: Hashable, Sendable {
  package let id: String
  package let text: LocalizedText?
  package let source: Citation?
  package let range: SourceRange
  /// When it must be done by (`due:`, a date expression); nil: no fixed deadline.
  package internal(set) var due: ExprSlot? = nil
}

/// An expression as written in a file, with its parsed and checked forms. A final class so that
/// the evaluator, which meets it on every condition, retains one reference instead of four.
package final class ExprSlot: Hashable, Sendable {
  package let text: String
  package let syntax: Syntax.Expr
  package let typed: TypedExpr
  /// The scalar that holds the expression.
  package let range: SourceRange

  package init(text: String, syntax: Syntax.Expr, typed: TypedExpr, range: SourceRange) {
    self.text = text
    self.syntax = syntax
    self.typed = typed
    self.range = range
  }

  package static func == (a: ExprSlot, b: ExprSlot) -> Bool { a.syntax == b.syntax }
  package func hash(into h: inout Hasher) { h.combine(syntax) }
}

/// A condition as staff write it: one expression, or an `all`/`any`/`not` tree of them.
package indirect enum Condition: Hashable, Sendable {
  case expr(ExprSlot)
  case all([Condition])
  case any([Condition])
  case not(Condition)

  /// Every expression in the tree.
  package var slots: [ExprSlot] {
    switch self {
    case .expr(let s): return [s]
    case .all(let cs), .any(let cs): return cs.flatMap(\.slots)
    case .not(let c): return c.slots
    }
  }

  /// Source form on one line, for traces and diffs.
  package var description: String {
    switch self {
    case .expr(let s): return s.syntax.description
    case .all(let cs): return "all(" + cs.map(\.description).joined(separator: "; ") + ")"
    case .any(let cs): return "any(" + cs.map(\.description).joined(separator: "; ") + ")"
    case .not(let c): return "not(" + c.description + ")"
    }
  }
}
