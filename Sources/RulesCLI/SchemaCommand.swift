import ArgumentParser
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// `ismap-rules schema`: JSON Schemas for editors (docs/editors.md).
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Write a JSON Schema (2020-12) for rule files or for a rule set's facts files, for editors.",
    discussion: "Exit codes: 0 written; 2 the rules cannot be read or loaded, or the output cannot be written.",
    subcommands: [Rules.self, Facts.self])

  struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rules", abstract: "The schema of rule files: every key, its meaning, allowed values.")

    @Option(help: "Write the schema to this file (atomically) instead of standard output.") var output: String?

    func run() throws {
      try SchemaFrontend.write(RuleFileSchema.make().render() + "\n", to: output).emit()
    }
  }

  struct Facts: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "facts",
      abstract: "The schema of a rule set's facts files: each declared fact, its type, label and values.",
      discussion: "The version is the one in effect on --as-of, else the latest of the series.")

    @Option(name: .long, help: "A rule-set file or folder, or a folder of rule sets (default: the bundled rules).")
    var rules: String?
    @Option(name: .long, help: "The series to use when the rules hold several.") var series: String?
    @Option(help: "Use the version in effect on this date (YYYY-MM-DD) instead of the latest.") var asOf: String?
    @Option(help: "Write the schema to this file (atomically) instead of standard output.") var output: String?
    @OptionGroup(title: "Limits") var limits: LimitOptions

    func run() throws {
      try SchemaFrontend.facts(self, color: Terminal.color(fd: 2)).emit()
    }
  }
}

/// Runs `schema facts` and `schema rules`, returning what they print, so tests run them in-process.
enum SchemaFrontend {
  static func write(_ text: String, to output: String?) -> CommandResult {
    guard let output else { return CommandResult(output: text) }
    if let err = Terminal.writeAtomically(text, to: output) { return CommandResult(errors: "error: \(err)\n", exit: Exit.invalid) }
    return CommandResult()
  }

  static func facts(_ command: SchemaCommand.Facts, color: Bool = false) -> CommandResult {
    var sources: [SourceText] = []
    do throws(DiagnosticError) {
      // The shared option group, filled from this command's own options (it has no `--set`).
      let args = (command.rules.map { ["--rules", $0] } ?? []) + (command.series.map { ["--series", $0] } ?? [])
      guard let options = try? RulesOptions.parse(args) else {
        throw DiagnosticError(.error(.badOption, "cannot read `--rules` or `--series`", at: .file("<command line>")))
      }
      let provider = try RuleSetProvider(options: options, limits: command.limits.load)
      sources = provider.sources
      let set: RuleSet
      if let d = command.asOf {
        set = try provider.ruleSet(on: EvalFrontend.parseDate(d)).0
      } else {
        set = try provider.load(latest(provider.catalog, series: command.series))
      }
      if let out = command.output, let input = command.rules, Terminal.sameFile(input, out) {
        return CommandResult(errors: "error: `--output \(out)` would overwrite the input `\(input)`\n", exit: Exit.invalid)
      }
      let labels = Dictionary(set.facts.map { ($0.name, $0.valueLabels) }, uniquingKeysWith: { a, _ in a })
      return write(FactsSchema.make(set, valueLabels: labels).render() + "\n", to: command.output)
    } catch {
      return CommandResult(errors: DiagnosticRenderer(sources: sources, color: color).render(error.diagnostics), exit: Exit.invalid)
    }
  }

  /// The latest version of the series: the one with the latest `effective_from`.
  static func latest(_ catalog: RuleSetCatalog, series: String?) throws(DiagnosticError) -> RuleSetCatalog.Entry {
    if catalog.entries.count == 1 { return catalog.entries[0] }
    let all = catalog.series
    guard let wanted = series ?? (all.count == 1 ? all[0] : nil) else {
      throw DiagnosticError(.error(.ambiguousSeries, "the rules hold several series: \(all.joined(separator: ", "))",
                                   at: .file("<command line>"), help: "choose one with `--series`"))
    }
    let pool = catalog.entries.filter { $0.series == wanted && $0.effectiveFrom != nil }
    guard let best = pool.max(by: { ($0.effectiveFrom!, $0.location) < ($1.effectiveFrom!, $1.location) }) else {
      throw DiagnosticError(.error(.unknownSeries, "no rule set has series `\(wanted)`", at: .file("<command line>"),
                                   help: Suggestions.didYouMean(wanted, in: all) ?? "series here: \(all.joined(separator: ", "))"))
    }
    return best
  }
}
