import ArgumentParser
import RulesExpr
import RulesModel
import RulesSource

/// Where rules come from, shared by the subcommands.
struct RulesOptions: ParsableArguments {
  @Option(name: .long, help: "A rule-set file or folder, or a folder of rule sets (default: the bundled rules).")
  var rules: String?

  @Option(name: .long, help: "The series to use when the rules hold several.")
  var series: String?

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a constant for this run, e.g. `old2_deadline_reading=cap`.", valueName: "name=value"))
  var overrides: [String] = []

  func overrideMap() throws(DiagnosticError) -> [String: String] { try Self.overrideMap(overrides) }

  /// `--set name=value` values by name.
  static func overrideMap(_ overrides: [String]) throws(DiagnosticError) -> [String: String] {
    var out: [String: String] = [:]
    for o in overrides {
      guard let eq = o.firstIndex(of: "="), eq != o.startIndex else {
        throw DiagnosticError(.error(.badOption, "`--set \(o)` is not `name=value`", at: .file("<command line>")))
      }
      out[String(o[..<eq])] = String(o[o.index(after: eq)...])
    }
    return out
  }
}

/// The limits of README "Limits", each a flag.
struct LimitOptions: ParsableArguments {
  @Option(help: "Largest input file, in bytes.") var maxFileBytes = Self.defaults.fileBytes
  @Option(help: "Deepest nesting of YAML lists and mappings.") var maxDepth = Self.defaults.depth
  @Option(help: "Most YAML nodes that aliases may expand to.") var maxAliasNodes = Self.defaults.aliasNodes
  @Option(help: "Longest YAML string, in bytes.") var maxStringBytes = Self.defaults.stringBytes
  @Option(help: "Most rules in one rule set.") var maxRules = Self.defaults.rules
  @Option(help: "Deepest nesting inside one expression.") var maxExprDepth = Self.defaults.exprDepth
  @Option(help: "Longest expression, in characters.") var maxExprLength = Self.defaults.exprLength

  /// The flags' values when none is given.
  static let defaults = (fileBytes: InputFile.defaultMaxBytes, depth: 64, aliasNodes: 10_000, stringBytes: 1 << 20,
                         rules: 10_000, exprDepth: 100, exprLength: 10_000)

  /// Hard ceilings on the flags themselves: past these a raised limit no longer protects the
  /// process (deep trees cost stack to check and to free; README, "Limits").
  static let ceilings: [(flag: String, max: Int)] = [("--max-depth", 1_000), ("--max-expr-depth", 1_000)]

  func validate() throws {
    for (flag, value) in [("--max-file-bytes", maxFileBytes), ("--max-depth", maxDepth), ("--max-alias-nodes", maxAliasNodes),
                          ("--max-string-bytes", maxStringBytes), ("--max-rules", maxRules),
                          ("--max-expr-depth", maxExprDepth), ("--max-expr-length", maxExprLength)] {
      if value < 0 { throw ValidationError("\(flag) must not be negative") }
      if let c = Self.ceilings.first(where: { $0.flag == flag }), value > c.max {
        throw ValidationError("\(flag) can be at most \(c.max)")
      }
    }
  }

  var load: LoadLimits {
    Self.load(fileBytes: maxFileBytes, depth: maxDepth, aliasNodes: maxAliasNodes, stringBytes: maxStringBytes,
              rules: maxRules, exprDepth: maxExprDepth, exprLength: maxExprLength)
  }

  /// The limits when no flag is given (`eval FILE…` without options skips the parser: RootCommand).
  static var defaultLoad: LoadLimits {
    let d = defaults
    return load(fileBytes: d.fileBytes, depth: d.depth, aliasNodes: d.aliasNodes, stringBytes: d.stringBytes,
                rules: d.rules, exprDepth: d.exprDepth, exprLength: d.exprLength)
  }

  private static func load(fileBytes: Int, depth: Int, aliasNodes: Int, stringBytes: Int, rules: Int, exprDepth: Int,
                           exprLength: Int) -> LoadLimits {
    var l = LoadLimits()
    l.maxFileBytes = fileBytes
    l.yaml.maxDepth = depth
    l.yaml.maxAliasNodes = aliasNodes
    l.yaml.maxScalarBytes = stringBytes
    l.maxRules = rules
    l.expr.maxDepth = exprDepth
    l.expr.maxLength = exprLength
    return l
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, yaml
  /// `--batch` only: one JSON object a line (the default there), or CSV with `--select`.
  case jsonl, csv
}

/// The input of `eval --batch`.
enum BatchInputFormat: String, ExpressibleByArgument, CaseIterable {
  case jsonl, csv
}

/// `eval --batch`: many cases from one JSON Lines or CSV input.
struct BatchOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Evaluate every case of a JSON Lines or CSV file (`-` for standard input), one output line each.", valueName: "file"))
  var batch: String?
  @Option(help: "Batch input format: jsonl (default) or csv (a header of dotted fact names).") var input: BatchInputFormat?
  @Option(help: ArgumentHelp("A field or column passed through to the output as `key`, never evaluated.", valueName: "name"))
  var key: String?
  @Option(help: ArgumentHelp("Comma-separated result paths, e.g. interim_measure.outcome,interim_measure.deadline: flat output lines.", valueName: "paths"))
  var select: String?
  @Option(help: "Worker threads (default: every core); output keeps the input order.") var jobs: Int?
  @Flag(help: "Print an outcome × status table (with deadlines by month) instead of a line per case.") var summary = false
  @Flag(help: "Stop at the first line that fails.") var failFast = false
  @Flag(help: "Include each decision's trace in batch lines.") var trace = false
}
