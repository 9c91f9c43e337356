/// A stable diagnostic code, such as `unknown-fact`: printed as `error[code]`, the SARIF `ruleId` and
/// `code` in JSON. Every code is a named constant here and listed in `all`, which docs/diagnostics.md
/// and `check` follow; code that makes or tests a diagnostic uses the constants, never a string.
package struct DiagnosticCode: Hashable, Sendable, Comparable, RawRepresentable, CustomStringConvertible {
  package let rawValue: String
  /// What the code reports, in one line: SARIF's `shortDescription`, and the gist of its row in
  /// docs/diagnostics.md. A new code needs only its constant here (and that row).
  package let summary: String

  private init(_ rawValue: String, _ summary: String) {
    self.rawValue = rawValue
    self.summary = summary
  }

  /// The code of this name, or nil when no diagnostic has it (for codes read from files, such as `allow:`).
  package init?(rawValue: String) {
    guard let code = Self.byName[rawValue] else { return nil }
    self = code
  }

  package var description: String { rawValue }
  package static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue == b.rawValue }
  package func hash(into h: inout Hasher) { h.combine(rawValue) }
  package static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue < b.rawValue }

  private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.rawValue, $0) })

  // MARK: YAML and files

  package static let yamlSyntax = DiagnosticCode("yaml-syntax", "The file is not YAML")
  package static let yamlEncoding = DiagnosticCode("yaml-encoding", "The file is not UTF-8, or has NUL or control characters")
  package static let factsEncoding = DiagnosticCode("facts-encoding", "The library could not encode a value given as facts as JSON")
  package static let yamlMultipleDocuments = DiagnosticCode("yaml-multiple-documents", "More than one `---` document in a file")
  package static let yamlAlias = DiagnosticCode("yaml-alias", "An alias names no anchor, or refers to the node that contains it")
  package static let yamlKey = DiagnosticCode("yaml-key", "A key that is a list or mapping")
  package static let duplicateKey = DiagnosticCode("duplicate-key", "A key appears twice in one mapping")
  package static let emptyFile = DiagnosticCode("empty-file", "The file has no content")
  package static let unreadableFile = DiagnosticCode("unreadable-file", "A file or folder cannot be read")
  package static let limitFileSize = DiagnosticCode("limit-file-size", "A file, or a line of batch input, is larger than the file-size limit")
  package static let limitDepth = DiagnosticCode("limit-depth", "YAML, conditions, expressions or definitions nest deeper than the limit")
  package static let limitNodes = DiagnosticCode("limit-nodes", "A file has more YAML nodes than the limit")
  package static let limitStringLength = DiagnosticCode("limit-string-length", "A YAML value is longer than the string-length limit")
  package static let limitAliasExpansion = DiagnosticCode("limit-alias-expansion", "YAML aliases expand to more nodes than the limit")
  package static let limitRules = DiagnosticCode("limit-rules", "The rule set has more rules than the limit")
  // MARK: Rule files

  package static let unknownKey = DiagnosticCode("unknown-key", "A key the rule language does not have here")
  package static let missingKey = DiagnosticCode("missing-key", "A required key is missing")
  package static let expectedMapping = DiagnosticCode("expected-mapping", "A mapping of keys is needed here")
  package static let expectedList = DiagnosticCode("expected-list", "A list is needed here")
  package static let expectedText = DiagnosticCode("expected-text", "Text is needed here")
  package static let expectedBool = DiagnosticCode("expected-bool", "`true` or `false` is needed here")
  package static let expectedDate = DiagnosticCode("expected-date", "A `YYYY-MM-DD` date is needed here")
  package static let expectedNumber = DiagnosticCode("expected-number", "A number is needed here")
  package static let expectedDuration = DiagnosticCode("expected-duration", "A duration such as `1 year` or `P6M` is needed here")
  package static let expectedExpression = DiagnosticCode("expected-expression", "An expression is needed here")
  package static let badDate = DiagnosticCode("bad-date", "Not a `YYYY-MM-DD` date, or a day that does not exist")
  package static let badName = DiagnosticCode("bad-name", "A name with characters other than ASCII letters, digits, `_`, `-`, `.`")
  package static let badCondition = DiagnosticCode("bad-condition", "A condition that is not an expression, a list, or `all`/`any`/`not`")
  package static let badMap = DiagnosticCode("bad-map", "A table `match.map` key that is not a single character")
  package static let badPeriod = DiagnosticCode("bad-period", "`effective_until` before `effective_from`")
  package static let duplicateName = DiagnosticCode("duplicate-name", "A name is declared twice in one section")
  package static let duplicateId = DiagnosticCode("duplicate-id", "A rule or exclusion id is used twice")
  package static let duplicateHeader = DiagnosticCode("duplicate-header", "A rule set has a second `ruleset:` header")
  package static let duplicateValue = DiagnosticCode("duplicate-value", "An enum value is listed twice")
  package static let nameClash = DiagnosticCode("name-clash", "A name that collides with another kind of name")
  package static let reservedName = DiagnosticCode("reserved-name", "A declaration of the reserved name `as_of`")
  package static let factPrefix = DiagnosticCode("fact-prefix", "A fact that is also the group of another fact")
  package static let unknownType = DiagnosticCode("unknown-type", "A fact or column type that does not exist")
  package static let unknownObligation = DiagnosticCode("unknown-obligation", "A rule names an undeclared obligation")
  package static let unknownDecision = DiagnosticCode("unknown-decision", "`main`, an expression or a test names an undeclared decision")
  package static let unknownColumn = DiagnosticCode("unknown-column", "A table has no such column")
  package static let unknownConstant = DiagnosticCode("unknown-constant", "`--set` or `{name}` in a text names no constant")
  package static let unknownExclusion = DiagnosticCode("unknown-exclusion", "A plain name in `unless:` that names no shared exclusion under the top-level `exclusions:`")
  package static let unknownLint = DiagnosticCode("unknown-lint", "An `allow:` entry names a code that is not a lint it can acknowledge")
  package static let notConstant = DiagnosticCode("not-constant", "A constant depends on facts, definitions, decisions or `as_of`")
  package static let cycle = DiagnosticCode("cycle", "Decisions, definitions or constants depend on each other in a cycle")
  package static let noRuleset = DiagnosticCode("no-ruleset", "No `ruleset:` header, or a folder without rule files")
  package static let collectOutcome = DiagnosticCode("collect-outcome", "`.outcome` of a `collect` decision")
  // MARK: Expressions

  package static let exprSyntax = DiagnosticCode("expr-syntax", "The expression does not parse")
  package static let unknownFact = DiagnosticCode("unknown-fact", "A name or facts-file key that is not a declared fact")
  package static let unknownName = DiagnosticCode("unknown-name", "A name that is not a constant, definition, table or decision")
  package static let unknownFunction = DiagnosticCode("unknown-function", "A function that does not exist")
  package static let unknownArgument = DiagnosticCode("unknown-argument", "A function option that the function does not take")
  package static let wrongArguments = DiagnosticCode("wrong-arguments", "A function called with the wrong number or kind of arguments")
  package static let unknownValue = DiagnosticCode("unknown-value", "A string compared with an enum, outcome, exclusion or option that cannot take it")
  package static let typeMismatch = DiagnosticCode("type-mismatch", "Operands of the wrong types")
  package static let optionalUnguarded = DiagnosticCode("optional-unguarded", "A value that may be none used where a value is needed")
  // MARK: Facts, tests and evaluation

  package static let nullNotAllowed = DiagnosticCode("null-not-allowed", "`null` for a fact that is not `optional`")
  package static let unknownAndGiven = DiagnosticCode("unknown-and-given", "A fact given a value and also listed under the facts file's `unknown:`")
  package static let evaluationFailed = DiagnosticCode("evaluation-failed", "A case or a constant cannot be computed as the rules are written")
  package static let noVersionInEffect = DiagnosticCode("no-version-in-effect", "No rule-set version applies on the date")
  package static let unknownSeries = DiagnosticCode("unknown-series", "No rule set has the series asked for")
  package static let ambiguousSeries = DiagnosticCode("ambiguous-series", "Several series apply on the date")
  package static let severalRulesets = DiagnosticCode("several-rulesets", "A path holds several rule sets where one is needed")
  package static let badCase = DiagnosticCode("bad-case", "A test case is incomplete or malformed")
  package static let missingArgument = DiagnosticCode("missing-argument", "The command line lacks a needed argument")
  package static let badOption = DiagnosticCode("bad-option", "A command-line option or `--set` is malformed")
  package static let gitSource = DiagnosticCode("git-source", "`diff REV:path` could not be read through git")
  // MARK: eval --batch input

  package static let jsonSyntax = DiagnosticCode("json-syntax", "A JSON Lines record is not one JSON object")
  package static let csvSyntax = DiagnosticCode("csv-syntax", "A CSV record is malformed")
  package static let inputEncoding = DiagnosticCode("input-encoding", "A line of batch input is not UTF-8")
  // MARK: check lints

  package static let uniqueOverlap = DiagnosticCode("unique-overlap", "Two rules of a `unique` decision can both match (with a witness fact set)")
  package static let shadowedRule = DiagnosticCode("shadowed-rule", "A rule under `first` that earlier rules always take first")
  package static let deadlineBeforeDecision = DiagnosticCode("deadline-before-decision", "A deadline built only from constants falls before `decided_on`")
  package static let missingSource = DiagnosticCode("missing-source", "A rule, exclusion or obligation with no `source` citation")
  package static let unusedFact = DiagnosticCode("unused-fact", "A declared fact no rule uses (and not marked `informational`)")
  package static let monthOverflow = DiagnosticCode("month-overflow", "Date + months/years that can land on a day that does not exist, with no rounding chosen")
  package static let overlappingVersions = DiagnosticCode("overlapping-versions", "Two versions of one series whose effective periods overlap")
  package static let nearDuplicateOutcome = DiagnosticCode("near-duplicate-outcome", "An outcome that one rule gives and that is one or two letters from another outcome of the same decision")
  package static let literalConstantDate = DiagnosticCode("literal-constant-date", "A title, reason or note spells a date that a constant holds")
  package static let unusedExclusion = DiagnosticCode("unused-exclusion", "A shared exclusion under `exclusions:` that no rule names in `unless:`")

  // MARK: HTTP (`serve`)

  package static let expectedScalar = DiagnosticCode("expected-scalar", "A value under `set` in a request is a list or mapping")
  package static let unknownRuleset = DiagnosticCode("unknown-ruleset", "`/v1/rulesets/{id}/facts` names no loaded rule set")
  package static let notFound = DiagnosticCode("not-found", "No such path")
  package static let methodNotAllowed = DiagnosticCode("method-not-allowed", "The path exists for another method")
  package static let unauthorized = DiagnosticCode("unauthorized", "The call carried no bearer token, or another one")
  package static let bodyTooLarge = DiagnosticCode("body-too-large", "The body is over `--max-body` or `--max-batch-body`")
  package static let bodyTimeout = DiagnosticCode("body-timeout", "The body did not arrive within 10 s")
  package static let busy = DiagnosticCode("busy", "The server could not open the pipes a batch run needs")
  package static let httpError = DiagnosticCode("http-error", "Any other HTTP failure, with its message")
  package static let internalError = DiagnosticCode("internal-error", "A request failed inside the server")

  // MARK: Internal

  package static let note = DiagnosticCode("note", "A note attached to another diagnostic (\"first defined here\"); never shown as a code")
  package static let silent = DiagnosticCode("silent", "An expression that failed because a name it uses already failed and was reported; never shown")

  /// Every code, in the order docs/diagnostics.md lists them.
  package static let all: [DiagnosticCode] = [
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
