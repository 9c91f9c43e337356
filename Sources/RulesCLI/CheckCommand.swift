import ArgumentParser
import RulesEval
import RulesModel
import RulesReport
import RulesSource

/// `ismap-rules check`: lint rule sets and report every problem at once.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check rule sets: report every error and lint finding, each at its line.",
    discussion: """
      PATH is a rule-set file or folder, or a folder of rule sets (default: the bundled rules). \
      Exit codes: 0 no findings; 1 errors (or warnings with --strict); 2 a path that cannot be read.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

  @Option(help: "Output format: text, json or sarif (SARIF 2.1.0).") var format: Format = .text
  @Flag(help: "Treat warnings as errors.") var strict = false
  @OptionGroup(title: "Limits") var limits: LimitOptions
  @Argument(help: "Rule-set files or folders, or folders of rule sets.") var paths: [String] = []

  func run() throws {
    try CheckFrontend(command: self, color: Terminal.color(fd: 1)).run().emit()
  }
}

/// Runs `check` and returns what it prints, so tests run it in-process.
struct CheckFrontend {
  let command: CheckCommand
  var color = false

  typealias Result = CommandResult

  func run() -> Result {
    let limits = command.limits.load
    var diagnostics: [Diagnostic] = []
    var unreadable = false
    var entries: [RuleSetCatalog.Entry] = []
    if command.paths.isEmpty {
      entries = RuleSetProvider.bundled.entries
    }
    for path in command.paths {
      do throws(DiagnosticError) {
        let catalog = try RuleSetCatalog.discover(path, maxFileBytes: limits.maxFileBytes)
        for e in catalog.entries where !entries.contains(where: { $0.location == e.location }) { entries.append(e) }
      } catch {
        unreadable = true
        diagnostics += error.diagnostics
      }
    }
    var sets: [(String, String?)] = []
    var loaded: [(set: RuleSet, found: [Diagnostic], used: Set<Int>)] = []
    for e in entries {
      let (set, found, used) = RuleSetLoader.check(e.files, location: e.location, limits: limits)
      if let set { loaded.append((set, found, used)) } else { diagnostics += found }
      sets.append((e.location, set?.header.id.value ?? e.id))
    }
    // Lints run once every set is loaded, so a revision can be compared with the version it supersedes.
    let byID = Dictionary(loaded.map { ($0.set.header.id.value, $0.set) }, uniquingKeysWith: { a, _ in a })
    var acknowledged: [AcknowledgedFinding] = []
    for l in loaded {
      let findings = RuleSetLint.run(l.set, loadDiagnostics: l.found, usedFacts: l.used)
      let superseded = l.set.header.supersedes.flatMap { id in
        byID[id] ?? Self.findSuperseded(id, near: l.set.location, limits: limits)
      }
      // The loader's warnings (a date spelt in text) may be acknowledged like the lints'.
      let split = Acknowledgements.apply(l.found + findings, ruleSet: l.set, superseded: superseded)
      diagnostics += split.kept
      acknowledged += split.acknowledged
    }
    diagnostics += SeriesLint.overlaps(SeriesLint.versions(entries))
    if command.strict { diagnostics = diagnostics.map { $0.severity == .warning ? $0.asError : $0 } }
    var set = DiagnosticSet(cap: 10_000)
    var seen: Set<Diagnostic> = []
    for d in diagnostics where seen.insert(d).inserted { set.insert(d) }
    let sorted = set.sorted
    let errors = sorted.filter { $0.severity == .error }.count
    let warnings = sorted.filter { $0.severity == .warning }.count
    let exit = unreadable ? Exit.invalid : errors > 0 || (command.strict && warnings > 0) ? Exit.findings : Exit.ok

    let output: String
    switch command.format {
    case .text:
      let sources = entries.flatMap { $0.files.map { SourceText(path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) } }
      var text = DiagnosticRenderer(sources: sources, color: color).render(sorted, dropped: set.dropped)
      text += Self.summary(errors: errors, warnings: warnings, ruleSets: entries.count)
      text += Self.acknowledgedLine(acknowledged)
      output = text
    case .json:
      let checked = JSON.array(sets.map { loc, id in .object([("location", .string(loc)), ("id", .string(id))]) })
      let acks = JSON.array(acknowledged.map { a in
        .object([("code", .string(a.finding.code.rawValue)), ("location", .string(a.finding.range.description)),
                 ("message", .string(a.finding.message)), ("reason", .string(a.reason))])
      })
      output = DiagnosticsJSON.make(sorted, extra: [("rule_sets", checked), ("acknowledged", acks)]).render() + "\n"
    case .sarif:
      output = SARIF.log(sorted, tool: "ismap-rules",
                         suppressed: acknowledged.map { ($0.finding, justification: $0.reason) }).render() + "\n"
    }
    return Result(output: output, exit: exit)
  }

  /// The version a revision supersedes when it was not among the paths checked: a rule set next to it
  /// (in the folder above), else the bundled one with that id. Nil when none loads cleanly.
  static func findSuperseded(_ id: String, near location: String, limits: LoadLimits) -> RuleSet? {
    var pool: [RuleSetCatalog.Entry] = []
    let parent = location.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    if !parent.isEmpty, InputFile.isDirectory(location), let siblings = try? RuleSetCatalog.discover(parent, maxFileBytes: limits.maxFileBytes) {
      pool += siblings.entries.filter { $0.location != location }
    }
    pool += RuleSetProvider.bundled.entries
    for e in pool where e.id == id {
      if case .success(let set) = RuleSetLoader.load(e.files, location: e.location, limits: limits) { return set }
    }
    return nil
  }

  /// One line listing the findings the authors acknowledged, each with its place and reason.
  static func acknowledgedLine(_ acks: [AcknowledgedFinding]) -> String {
    guard !acks.isEmpty else { return "" }
    let sorted = acks.sorted { ($0.finding.range.file, $0.finding.range.start) < ($1.finding.range.file, $1.finding.range.start) }
    let items = sorted.map { "\($0.finding.code) at \($0.finding.range) (\($0.reason))" }
    return "acknowledged \(acks.count) finding\(acks.count == 1 ? "" : "s"): \(items.joined(separator: "; "))\n"
  }

  static func summary(errors: Int, warnings: Int, ruleSets: Int) -> String {
    func n(_ k: Int, _ what: String) -> String { "\(k) \(what)\(k == 1 ? "" : "s")" }
    let sets = n(ruleSets, "rule set")
    if errors == 0 && warnings == 0 { return "checked \(sets): no problems found\n" }
    return "checked \(sets): \(n(errors, "error")), \(n(warnings, "warning"))\n"
  }
}
