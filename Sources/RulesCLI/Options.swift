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

  func overrideMap() throws(DiagnosticError) -> [String: String] {
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
  @Option(help: "Largest input file, in bytes.") var maxFileBytes = InputFile.defaultMaxBytes
  @Option(help: "Deepest nesting of YAML lists and mappings.") var maxDepth = 64
  @Option(help: "Most YAML nodes that aliases may expand to.") var maxAliasNodes = 10_000
  @Option(help: "Longest YAML string, in bytes.") var maxStringBytes = 1 << 20
  @Option(help: "Most rules in one rule set.") var maxRules = 10_000
  @Option(help: "Deepest nesting inside one expression.") var maxExprDepth = 100
  @Option(help: "Longest expression, in characters.") var maxExprLength = 10_000

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
    var l = LoadLimits()
    l.maxFileBytes = maxFileBytes
    l.yaml.maxDepth = maxDepth
    l.yaml.maxAliasNodes = maxAliasNodes
    l.yaml.maxScalarBytes = maxStringBytes
    l.maxRules = maxRules
    l.expr.maxDepth = maxExprDepth
    l.expr.maxLength = maxExprLength
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
