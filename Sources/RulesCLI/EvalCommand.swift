import ArgumentParser
import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML

/// `ismap-rules eval`: decide one or more cases.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", abstract: "Evaluate facts files (YAML or JSON; `-` for standard input) against the rules.")

  @OptionGroup var rules: RulesOptions
  @OptionGroup(title: "Limits") var limits: LimitOptions
  @OptionGroup(title: "Language") var language: LanguageOptions

  @Option(help: "The evaluation date (YYYY-MM-DD); overrides the facts' `as_of`.") var asOf: String?
  @Option(help: "Output format: text (default), json or yaml; with --batch jsonl (default) or csv (with --select).")
  var format: OutputFormat?
  @Flag(help: "Text output: say, for every rule considered, why it applies or the first condition that failed.") var explain = false
  @Flag(help: "JSON/YAML output: leave out the traces.") var noTrace = false
  @Option(help: "Write the output to this file (atomically) instead of standard output.") var output: String?
  @Argument(help: "Facts files.") var facts: [String] = []

  @OptionGroup(title: "Batch") var batch: BatchOptions

  func validate() throws {
    if batch.batch != nil {
      if !facts.isEmpty { throw ValidationError("--batch reads its cases from one input; name no facts files as well") }
      if let f = format, ![.jsonl, .json, .csv].contains(f) { throw ValidationError("--batch writes jsonl or csv, not \(f.rawValue)") }
      if format == .csv && batch.select == nil { throw ValidationError("--format csv needs --select (the columns to write)") }
      if explain { throw ValidationError("--explain is for text output; use --trace with --batch") }
      if let j = batch.jobs, !(1...256).contains(j) { throw ValidationError("--jobs must be between 1 and 256") }
    } else {
      if format == .jsonl || format == .csv { throw ValidationError("--format \(format!.rawValue) is for --batch") }
      for (set, flag) in [(batch.input != nil, "--input"), (batch.key != nil, "--key"), (batch.select != nil, "--select"),
                          (batch.jobs != nil, "--jobs"), (batch.summary, "--summary"), (batch.failFast, "--fail-fast"),
                          (batch.trace, "--trace")] where set {
        throw ValidationError("\(flag) works with --batch FILE")
      }
    }
  }

  func run() throws {
    if batch.batch != nil {
      try BatchRunner(command: self, colorErr: Terminal.color(fd: 2)).run().emit()
    }
    try EvalFrontend(command: self, files: facts + CommandLineSplit.files, colorOut: Terminal.color(fd: 1), colorErr: Terminal.color(fd: 2),
                     environment: LanguageOptions.processEnvironment).run().emit()
  }

  /// What `EvalFrontend` reads of the command, as plain values.
  var settings: EvalSettings {
    EvalSettings(rules: rules.rules, series: rules.series, overrides: rules.overrides, limits: limits.load, asOf: asOf,
                 format: format, explain: explain, noTrace: noTrace, output: output, lang: language.lang,
                 dates: language.dates)
  }
}

/// Runs `eval`: read facts, pick the rule-set version, evaluate, render.
struct EvalFrontend {
  let command: EvalSettings
  /// The facts files: the command's arguments, or those split off before parsing (`CommandLineSplit`).
  var files: [String]
  var colorOut = false
  var colorErr = false
  /// Where `--lang` defaults come from: the process environment in the CLI, nothing in tests.
  var environment: (String) -> String? = { _ in nil }
  /// Set when the process ends right after this run: the rule sets and results are then left to the
  /// exit instead of being freed one object at a time (a few per cent of a one-case process).
  var keepUntilExit = false

  init(command: EvalCommand, files: [String]? = nil, colorOut: Bool = false, colorErr: Bool = false,
       environment: @escaping (String) -> String? = { _ in nil }) {
    self.init(settings: command.settings, files: files ?? command.facts, colorOut: colorOut, colorErr: colorErr,
              environment: environment)
  }

  init(settings: EvalSettings, files: [String], colorOut: Bool = false, colorErr: Bool = false,
       environment: @escaping (String) -> String? = { _ in nil }) {
    self.command = settings
    self.files = files
    self.colorOut = colorOut
    self.colorErr = colorErr
    self.environment = environment
  }

  typealias Result = CommandResult

  static func parseDate(_ s: String) throws(DiagnosticError) -> CalendarDate {
    do throws(DateParseError) { return try CalendarDate.parse(Substring(s)) } catch {
      throw DiagnosticError(.error(.badDate, "--as-of: " + error.message, at: .file("<command line>"), help: error.help))
    }
  }

  func run() -> Result {
    // Texts for quoting lines in messages, turned into `SourceText`s only when there is a message.
    var ruleTexts: RuleSetProvider?
    var factTexts: [(path: String, bytes: [UInt8])] = []
    var diagnostics: [Diagnostic] = []
    var results: [(Evaluation, String)] = []
    var overrides: [(String, Value)] = []
    // Every file read, so `--output` can never replace one.
    var inputs = files + (command.rules.map { [$0] } ?? [])
    do throws(DiagnosticError) {
      guard !files.isEmpty else {
        throw DiagnosticError(.error(.missingArgument, "name at least one facts file", at: .file("<command line>"),
                                     help: "for example `ismap-rules eval examples/multi-year-contract.yaml`"))
      }
      let limits = command.limits
      let provider = try RuleSetProvider(rules: command.rules, series: command.series, overrides: command.overrides,
                                         limits: limits)
      if command.rules != nil { inputs += provider.catalog.entries.flatMap { $0.files.map(\.path) } }
      ruleTexts = provider
      let optionDate = try command.asOf.map(Self.parseDate)
      // Only JSON and YAML print the rule files' digest.
      let needsDigest = command.format == .json || command.format == .yaml
      for path in files {
        do throws(DiagnosticError) {
          let bytes = try InputFile.read(path, maxBytes: limits.maxFileBytes)
          let name = path == "-" ? "<stdin>" : path
          // Kept before parsing, so a syntax error can quote its line too.
          factTexts.append((name, bytes))
          let doc = try FactsDocument.parse(bytes, path: name, limits: limits.yaml)
          let o = try CaseEvaluation.run(doc, optionDate: optionDate, today: Terminal.today(), digest: needsDigest) { d throws(DiagnosticError) in
            try provider.ruleSet(on: d)
          }
          overrides = provider.overridesInForce(o.evaluation.ruleSet)
          results.append((o.evaluation, o.digest))
        } catch {
          diagnostics += error.diagnostics
        }
      }
    } catch {
      diagnostics += error.diagnostics
    }
    if !diagnostics.isEmpty {
      if command.format == .json {
        return Result(errors: DiagnosticsJSON.make(diagnostics).render() + "\n", exit: Exit.invalid)
      }
      let sources = (ruleTexts?.sources ?? []) + factTexts.map { SourceText(path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) }
      return Result(errors: DiagnosticRenderer(sources: sources, color: colorErr).render(diagnostics), exit: Exit.invalid)
    }
    let text: String
    switch command.format ?? .text {
    case .text, .jsonl, .csv:
      let r = EvaluationText(color: command.output == nil && colorOut, explain: command.explain,
                             voice: LanguageOptions.voice(lang: command.lang, dates: command.dates, environment: environment))
      text = results.map { r.render($0.0) }.joined(separator: "\n")
    case .json where results.count == 1:
      var out = ByteOutput(capacity: 64 << 10)
      EvaluationBytes.write(results[0].0, digest: results[0].1, trace: !command.noTrace, overrides: overrides, into: &out)
      text = String(decoding: out.bytes, as: UTF8.self)
    case .json, .yaml:
      let items = results.map { EvaluationJSON.make($0.0, digest: $0.1, trace: !command.noTrace, overrides: overrides) }
      let j = items.count == 1 ? items[0] : JSON.array(items)
      text = command.format == .json ? j.render() + "\n" : YAMLOutput.render(j)
    }
    let code = results.allSatisfy { $0.0.decided } ? Exit.ok : Exit.undetermined
    if keepUntilExit { _ = Unmanaged.passRetained(KeptUntilExit(provider: ruleTexts, results: results)) }
    if let out = command.output {
      if let refusal = OutputGuard.refusal(out, inputs: inputs) { return Result(errors: refusal, exit: Exit.invalid) }
      if let err = Terminal.writeAtomically(text, to: out) { return Result(errors: "error: \(err)\n", exit: Exit.invalid) }
      return Result(exit: code)
    }
    return Result(output: text, exit: code)
  }
}

/// What `EvalFrontend.keepUntilExit` leaves alive.
private final class KeptUntilExit {
  let provider: RuleSetProvider?
  let results: [(Evaluation, String)]
  init(provider: RuleSetProvider?, results: [(Evaluation, String)]) {
    self.provider = provider
    self.results = results
  }
}
