import RulesExpr
import RulesSource

/// A loaded, checked rule set: one version of one policy. Every name is resolved to an index,
/// so evaluation does no lookups by name.
public struct RuleSet: Sendable {
  public let header: Header
  public let facts: [FactDecl]
  public let constants: [ConstantDecl]
  public let definitions: [DefinitionDecl]
  public let tables: [TableDecl]
  public let obligations: [ObligationDecl]
  public let decisions: [Decision]
  /// Indices of `main` decisions, in header order.
  public let main: [Int]
  /// Decisions in an order where each comes after those it reads.
  public let decisionOrder: [Int]
  /// The files read, for quoting lines in messages and for the digest.
  public let files: [SourceText]
  public let factIndex: [String: Int]
  public let decisionIndex: [String: Int]
  public let obligationIndex: [String: Int]
  public let constantIndex: [String: Int]

  public struct Header: Sendable {
    public let id: Located<String>
    public let series: String
    public let title: LocalizedText?
    public let decidedOn: CalendarDate
    public let effectiveFrom: CalendarDate
    public let effectiveUntil: CalendarDate?
    public let supersedes: String?
    public let source: Citation?
    public let main: [Located<String>]
    public let range: SourceRange
  }

  /// The folder or file the rule set was read from.
  public let location: String
  /// Parts that did not load cleanly (empty for a set without errors): lints must not trust them.
  public let failed: FailedParts

  /// Decisions and definitions with a load error in them or in something they use.
  public struct FailedParts: Sendable, Hashable {
    public var decisions: Set<Int> = []
    public var definitions: Set<Int> = []
    public init() {}
  }

  /// What later stages derive from this rule set once (its compiled program).
  public private(set) var cache = RuleSetCache()

  /// The same rule set with an empty cache of its own (for what the cache itself holds).
  public func detached() -> RuleSet {
    var copy = self
    copy.cache = RuleSetCache()
    return copy
  }

  public init(
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
public struct FactDecl: Hashable, Sendable {
  public let name: String
  /// The type of a given value (without optional).
  public let type: ExprType
  public let optional: Bool
  public let informational: Bool
  public let label: LocalizedText?
  public let description: LocalizedText?
  public let range: SourceRange
  /// Words for an enum's values (`values: [{value: saas, label: {ja: SaaS}}]`), by value; empty when unlabelled.
  public let valueLabels: [String: LocalizedText]

  public init(name: String, type: ExprType, optional: Bool, informational: Bool, label: LocalizedText?,
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
  public var exprType: ExprType { optional ? type.optional : type }

  /// An enum's values in declared order (a list of enums: its items'); empty for other types.
  public var enumValues: [String] {
    switch type {
    case .enumeration(_, let vs), .list(.enumeration(_, let vs)): return vs
    default: return []
    }
  }
}

/// A named fixed value.
public struct ConstantDecl: Hashable, Sendable {
  public let name: String
  public let type: ExprType
  public let value: Value
  /// The expression it was written as (nil for a text or enum value).
  public let expr: ExprSlot?
  /// For an enum switch, the values it may take.
  public let allowed: [String]?
  public let description: LocalizedText?
  public let source: Citation?
  public let range: SourceRange
}

/// A named expression.
public struct DefinitionDecl: Hashable, Sendable {
  public let name: String
  public let body: Condition
  public let type: ExprType
  public let description: LocalizedText?
  public let source: Citation?
  public let allow: [LintAllowance]
  /// The name (the declaration's key).
  public let range: SourceRange
  /// The whole declaration, name and body.
  public let extent: SourceRange
}

/// Something an agency must do, referred to by id.
public struct ObligationDecl: Hashable, Sendable {
  public let id: String
  public let text: LocalizedText?
  public let source: Citation?
  public let range: SourceRange
  /// When it must be done by (`due:`, a date expression); nil: no fixed deadline.
  public internal(set) var due: ExprSlot? = nil
}

/// An expression as written in a file, with its parsed and checked forms. A final class so that
/// the evaluator, which meets it on every condition, retains one reference instead of four.
public final class ExprSlot: Hashable, Sendable {
  public let text: String
  public let syntax: Syntax.Expr
  public let typed: TypedExpr
  /// The scalar that holds the expression.
  public let range: SourceRange

  public init(text: String, syntax: Syntax.Expr, typed: TypedExpr, range: SourceRange) {
    self.text = text
    self.syntax = syntax
    self.typed = typed
    self.range = range
  }

  public static func == (a: ExprSlot, b: ExprSlot) -> Bool { a.syntax == b.syntax }
  public func hash(into h: inout Hasher) { h.combine(syntax) }
}

/// A condition as staff write it: one expression, or an `all`/`any`/`not` tree of them.
public indirect enum Condition: Hashable, Sendable {
  case expr(ExprSlot)
  case all([Condition])
  case any([Condition])
  case not(Condition)

  /// Every expression in the tree.
  public var slots: [ExprSlot] {
    switch self {
    case .expr(let s): return [s]
    case .all(let cs), .any(let cs): return cs.flatMap(\.slots)
    case .not(let c): return c.slots
    }
  }

  /// Source form on one line, for traces and diffs.
  public var description: String {
    switch self {
    case .expr(let s): return s.syntax.description
    case .all(let cs): return "all(" + cs.map(\.description).joined(separator: "; ") + ")"
    case .any(let cs): return "any(" + cs.map(\.description).joined(separator: "; ") + ")"
    case .not(let c): return "not(" + c.description + ")"
    }
  }
}
