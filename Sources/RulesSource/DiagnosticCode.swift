/// A stable diagnostic code, such as `unknown-fact`: printed as `error[code]`, the SARIF `ruleId` and
/// `code` in JSON. Every code is a named constant here and listed in `all`, which docs/diagnostics.md
/// and `check` follow; code that makes or tests a diagnostic uses the constants, never a string.
public struct DiagnosticCode: Hashable, Sendable, Comparable, RawRepresentable, CustomStringConvertible {
  public let rawValue: String

  private init(_ rawValue: String) { self.rawValue = rawValue }

  /// The code of this name, or nil when no diagnostic has it (for codes read from files, such as `allow:`).
  public init?(rawValue: String) {
    guard let code = Self.byName[rawValue] else { return nil }
    self = code
  }

  public var description: String { rawValue }
  public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue < b.rawValue }

  private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.rawValue, $0) })

  // MARK: YAML and files

  /// The file is not YAML.
  public static let yamlSyntax = DiagnosticCode("yaml-syntax")
  /// The file is not UTF-8, or has NUL or control characters.
  public static let yamlEncoding = DiagnosticCode("yaml-encoding")
  /// The library could not encode a value given as facts as JSON.
  public static let factsEncoding = DiagnosticCode("facts-encoding")
  /// More than one `---` document in a file.
  public static let yamlMultipleDocuments = DiagnosticCode("yaml-multiple-documents")
  /// An alias names no anchor, or refers to the node that contains it.
  public static let yamlAlias = DiagnosticCode("yaml-alias")
  /// A key that is a list or mapping.
  public static let yamlKey = DiagnosticCode("yaml-key")
  /// A key appears twice in one mapping.
  public static let duplicateKey = DiagnosticCode("duplicate-key")
  /// The file has no content.
  public static let emptyFile = DiagnosticCode("empty-file")
  /// A file or folder cannot be read.
  public static let unreadableFile = DiagnosticCode("unreadable-file")
  /// A file, or a line of batch input, is larger than the file-size limit.
  public static let limitFileSize = DiagnosticCode("limit-file-size")
  /// YAML, conditions, expressions or definitions nest deeper than the limit.
  public static let limitDepth = DiagnosticCode("limit-depth")
  /// A file has more YAML nodes than the limit.
  public static let limitNodes = DiagnosticCode("limit-nodes")
  /// A YAML value is longer than the string-length limit.
  public static let limitStringLength = DiagnosticCode("limit-string-length")
  /// YAML aliases expand to more nodes than the limit.
  public static let limitAliasExpansion = DiagnosticCode("limit-alias-expansion")
  /// The rule set has more rules than the limit.
  public static let limitRules = DiagnosticCode("limit-rules")
  // MARK: Rule files

  /// A key the rule language does not have here.
  public static let unknownKey = DiagnosticCode("unknown-key")
  /// A required key is missing.
  public static let missingKey = DiagnosticCode("missing-key")
  /// A mapping of keys is needed here.
  public static let expectedMapping = DiagnosticCode("expected-mapping")
  /// A list is needed here.
  public static let expectedList = DiagnosticCode("expected-list")
  /// Text is needed here.
  public static let expectedText = DiagnosticCode("expected-text")
  /// `true` or `false` is needed here.
  public static let expectedBool = DiagnosticCode("expected-bool")
  /// A `YYYY-MM-DD` date is needed here.
  public static let expectedDate = DiagnosticCode("expected-date")
  /// A number is needed here.
  public static let expectedNumber = DiagnosticCode("expected-number")
  /// A duration such as `1 year` or `P6M` is needed here.
  public static let expectedDuration = DiagnosticCode("expected-duration")
  /// An expression is needed here.
  public static let expectedExpression = DiagnosticCode("expected-expression")
  /// Not a `YYYY-MM-DD` date, or a day that does not exist.
  public static let badDate = DiagnosticCode("bad-date")
  /// A name with characters other than ASCII letters, digits, `_`, `-`, `.`.
  public static let badName = DiagnosticCode("bad-name")
  /// A condition that is not an expression, a list, or `all`/`any`/`not`.
  public static let badCondition = DiagnosticCode("bad-condition")
  /// A table `match.map` key that is not a single character.
  public static let badMap = DiagnosticCode("bad-map")
  /// `effective_until` before `effective_from`.
  public static let badPeriod = DiagnosticCode("bad-period")
  /// A name is declared twice in one section.
  public static let duplicateName = DiagnosticCode("duplicate-name")
  /// A rule or exclusion id is used twice.
  public static let duplicateId = DiagnosticCode("duplicate-id")
  /// A rule set has a second `ruleset:` header.
  public static let duplicateHeader = DiagnosticCode("duplicate-header")
  /// An enum value is listed twice.
  public static let duplicateValue = DiagnosticCode("duplicate-value")
  /// A name that collides with another kind of name.
  public static let nameClash = DiagnosticCode("name-clash")
  /// A declaration of the reserved name `as_of`.
  public static let reservedName = DiagnosticCode("reserved-name")
  /// A fact that is also the group of another fact.
  public static let factPrefix = DiagnosticCode("fact-prefix")
  /// A fact or column type that does not exist.
  public static let unknownType = DiagnosticCode("unknown-type")
  /// A rule names an undeclared obligation.
  public static let unknownObligation = DiagnosticCode("unknown-obligation")
  /// `main`, an expression or a test names an undeclared decision.
  public static let unknownDecision = DiagnosticCode("unknown-decision")
  /// A table has no such column.
  public static let unknownColumn = DiagnosticCode("unknown-column")
  /// `--set` or `{name}` in a text names no constant.
  public static let unknownConstant = DiagnosticCode("unknown-constant")
  /// A plain name in `unless:` that names no shared exclusion under the top-level `exclusions:`.
  public static let unknownExclusion = DiagnosticCode("unknown-exclusion")
  /// An `allow:` entry names a code that is not a lint it can acknowledge.
  public static let unknownLint = DiagnosticCode("unknown-lint")
  /// A constant that reads a fact, a definition, a decision or `as_of`.
  public static let notConstant = DiagnosticCode("not-constant")
  /// Decisions, definitions or constants that depend on themselves.
  public static let cycle = DiagnosticCode("cycle")
  /// No `ruleset:` header, or a folder without rule files.
  public static let noRuleset = DiagnosticCode("no-ruleset")
  /// `.outcome` of a `collect` decision.
  public static let collectOutcome = DiagnosticCode("collect-outcome")
  // MARK: Expressions

  /// The expression does not parse.
  public static let exprSyntax = DiagnosticCode("expr-syntax")
  /// A name or facts-file key that is not a declared fact.
  public static let unknownFact = DiagnosticCode("unknown-fact")
  /// A name that is not a constant, definition, table or decision.
  public static let unknownName = DiagnosticCode("unknown-name")
  /// A function that does not exist.
  public static let unknownFunction = DiagnosticCode("unknown-function")
  /// A function option that the function does not take.
  public static let unknownArgument = DiagnosticCode("unknown-argument")
  /// A function called with the wrong number or kind of arguments.
  public static let wrongArguments = DiagnosticCode("wrong-arguments")
  /// A string compared with an enum, outcome, exclusion or option that cannot take it.
  public static let unknownValue = DiagnosticCode("unknown-value")
  /// Operands of the wrong types.
  public static let typeMismatch = DiagnosticCode("type-mismatch")
  /// A value that may be none used where a value is needed.
  public static let optionalUnguarded = DiagnosticCode("optional-unguarded")
  // MARK: Facts, tests and evaluation

  /// `null` for a fact that is not `optional`.
  public static let nullNotAllowed = DiagnosticCode("null-not-allowed")
  /// A fact given a value and also listed under the facts file's `unknown:`.
  public static let unknownAndGiven = DiagnosticCode("unknown-and-given")
  /// A case or a constant cannot be computed as the rules are written.
  public static let evaluationFailed = DiagnosticCode("evaluation-failed")
  /// No rule-set version applies on the date.
  public static let noVersionInEffect = DiagnosticCode("no-version-in-effect")
  /// No rule set has the series asked for.
  public static let unknownSeries = DiagnosticCode("unknown-series")
  /// Several series apply on the date.
  public static let ambiguousSeries = DiagnosticCode("ambiguous-series")
  /// A path holds several rule sets where one is needed.
  public static let severalRulesets = DiagnosticCode("several-rulesets")
  /// A test case is incomplete or malformed.
  public static let badCase = DiagnosticCode("bad-case")
  /// The command line lacks a needed argument.
  public static let missingArgument = DiagnosticCode("missing-argument")
  /// A command-line option or `--set` is malformed.
  public static let badOption = DiagnosticCode("bad-option")
  /// `diff REV:path` could not be read through git.
  public static let gitSource = DiagnosticCode("git-source")
  // MARK: eval --batch input

  /// A JSON Lines record is not one JSON object.
  public static let jsonSyntax = DiagnosticCode("json-syntax")
  /// A CSV record is malformed.
  public static let csvSyntax = DiagnosticCode("csv-syntax")
  /// A line of batch input is not UTF-8.
  public static let inputEncoding = DiagnosticCode("input-encoding")
  // MARK: check lints

  /// Two rules of a `unique` decision can both match.
  public static let uniqueOverlap = DiagnosticCode("unique-overlap")
  /// An earlier rule of a `first` decision always matches when this one does.
  public static let shadowedRule = DiagnosticCode("shadowed-rule")
  /// A deadline built only from constants falls before `decided_on`.
  public static let deadlineBeforeDecision = DiagnosticCode("deadline-before-decision")
  /// A rule, exclusion or obligation without `source`.
  public static let missingSource = DiagnosticCode("missing-source")
  /// A declared fact no expression reads.
  public static let unusedFact = DiagnosticCode("unused-fact")
  /// Date + months/years that can land on a day that does not exist, with no rounding chosen.
  public static let monthOverflow = DiagnosticCode("month-overflow")
  /// Two versions of one series whose effective periods overlap.
  public static let overlappingVersions = DiagnosticCode("overlapping-versions")
  /// An outcome that one rule gives and that is one or two letters from another outcome of the same decision.
  public static let nearDuplicateOutcome = DiagnosticCode("near-duplicate-outcome")
  /// A title, reason or note spells a date that a constant holds.
  public static let literalConstantDate = DiagnosticCode("literal-constant-date")
  /// A shared exclusion under `exclusions:` that no rule names in `unless:`.
  public static let unusedExclusion = DiagnosticCode("unused-exclusion")

  // MARK: HTTP (`serve`)

  /// A value under `set` in a request is a list or mapping.
  public static let expectedScalar = DiagnosticCode("expected-scalar")
  /// `/v1/rulesets/{id}/facts` names no loaded rule set.
  public static let unknownRuleset = DiagnosticCode("unknown-ruleset")
  /// No such path.
  public static let notFound = DiagnosticCode("not-found")
  /// The path exists for another method.
  public static let methodNotAllowed = DiagnosticCode("method-not-allowed")
  /// The call carried no bearer token, or another one.
  public static let unauthorized = DiagnosticCode("unauthorized")
  /// The body is over `--max-body` or `--max-batch-body`.
  public static let bodyTooLarge = DiagnosticCode("body-too-large")
  /// The body did not arrive within 10 s.
  public static let bodyTimeout = DiagnosticCode("body-timeout")
  /// The server could not open the pipes a batch run needs.
  public static let busy = DiagnosticCode("busy")
  /// Any other HTTP failure, with its message.
  public static let httpError = DiagnosticCode("http-error")
  /// A request failed inside the server.
  public static let internalError = DiagnosticCode("internal-error")

  // MARK: Internal

  /// A note attached to another diagnostic ("first defined here"); never shown as a code.
  public static let note = DiagnosticCode("note")
  /// An expression that failed because a name it uses already failed and was reported; never shown.
  public static let silent = DiagnosticCode("silent")

  /// Every code, in the order docs/diagnostics.md lists them.
  public static let all: [DiagnosticCode] = [
    .yamlSyntax, .yamlEncoding, .factsEncoding, .yamlMultipleDocuments, .yamlAlias, .yamlKey,
    .duplicateKey, .emptyFile, .unreadableFile, .limitFileSize, .limitDepth,
    .limitNodes, .limitStringLength, .limitAliasExpansion, .limitRules, .unknownKey,
    .missingKey, .expectedMapping, .expectedList, .expectedText, .expectedBool,
    .expectedDate, .expectedNumber, .expectedDuration, .expectedExpression, .badDate,
    .badName, .badCondition, .badMap, .badPeriod, .duplicateName,
    .duplicateId, .duplicateHeader, .duplicateValue, .nameClash, .reservedName,
    .factPrefix, .unknownType, .unknownObligation, .unknownDecision, .unknownColumn,
    .unknownConstant, .unknownExclusion, .unknownLint, .notConstant, .cycle,
    .noRuleset, .collectOutcome, .exprSyntax, .unknownFact, .unknownName,
    .unknownFunction, .unknownArgument, .wrongArguments, .unknownValue, .typeMismatch,
    .optionalUnguarded, .nullNotAllowed, .unknownAndGiven, .evaluationFailed, .noVersionInEffect,
    .unknownSeries, .ambiguousSeries, .severalRulesets, .badCase, .missingArgument,
    .badOption, .gitSource, .jsonSyntax, .csvSyntax, .inputEncoding,
    .uniqueOverlap, .shadowedRule, .deadlineBeforeDecision, .missingSource, .unusedFact,
    .monthOverflow, .overlappingVersions, .nearDuplicateOutcome, .literalConstantDate, .unusedExclusion,
    .note, .silent,
    .expectedScalar, .unknownRuleset, .notFound, .methodNotAllowed, .unauthorized, .bodyTooLarge,
    .bodyTimeout, .busy, .httpError, .internalError,
  ]
}
