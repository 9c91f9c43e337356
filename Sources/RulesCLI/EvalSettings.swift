import RulesModel
import RulesReport

/// What `eval` reads of its command line, as plain values: `EvalCommand.settings` after parsing, or
/// `plain` for `eval FILE…` with no option, which `RootCommand.main` runs without ArgumentParser
/// (its reflection of every option and group was a sixth of a one-case process; docs/performance.md).
/// A test holds `plain` equal to what the parser gives for that shape.
struct EvalSettings {
  var rules: String?
  var series: String?
  /// `--set name=value`, as written.
  var overrides: [String]
  var limits: LoadLimits
  var asOf: String?
  var format: OutputFormat?
  var explain: Bool
  var noTrace: Bool
  var output: String?
  var lang: Language?
  var dates: DateStyle?

  /// No option given.
  static var plain: EvalSettings {
    EvalSettings(rules: nil, series: nil, overrides: [], limits: LimitOptions.defaultLoad, asOf: nil, format: nil,
                 explain: false, noTrace: false, output: nil, lang: nil, dates: nil)
  }

  /// The facts files of `eval FILE…` when nothing else is on the command line (`arguments` without the
  /// program name), else nil. Any argument starting with `-` (options, help, completions, `-` for
  /// standard input) leaves the command to the parser.
  static func plainFiles(_ arguments: [String]) -> [String]? {
    guard arguments.count >= 2, arguments[0] == "eval" else { return nil }
    let files = arguments.dropFirst()
    guard files.allSatisfy({ !$0.hasPrefix("-") }) else { return nil }
    return Array(files)
  }
}
