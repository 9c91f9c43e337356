import ArgumentParser
import Foundation
import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML

/// `ismap-rules diff OLD NEW`: what a new rule version changes in meaning, and which cases it decides differently.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what a new rule version changes in meaning, and which cases it decides differently.",
    discussion: """
      OLD and NEW are rule-set files or folders (one rule set each), or `REV:path` read through git \
      (e.g. `ismap-rules diff HEAD~1:rules/ismap/2021-07-06 rules/ismap/2021-07-06`). Formatting, key order, \
      comments, quoting and the order of lists whose order means nothing are not changes; conditions are \
      compared node by node, renames shown as renames, and rules reordered under `first` say whether the \
      swap can change an answer. Exit 0 when equal, 1 when they differ, 2 on error.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

  @Argument(help: "The old version: a rule-set file or folder, or REV:path.") var old: String
  @Argument(help: "The new version: a rule-set file or folder, or REV:path.") var new: String
  @Option(parsing: .upToNextOption,
          help: "Facts files, test files (`cases:`) or folders of them: list the cases the change decides differently.")
  var cases: [String] = []
  @Flag(help: "Look for fact sets decided differently, from the boundary values the conditions use.") var explore = false
  @Option(help: "Most fact sets --explore evaluates (each under both versions).") var exploreBudget = 3000
  @Option(help: "Output format.") var format: Format = .text
  @Option(help: "The evaluation date (YYYY-MM-DD): overrides the cases' `as_of`; --explore's date (default: the later effective_from).")
  var asOf: String?
  @Option(help: "Write the output to this file (atomically) instead of standard output.") var output: String?
  @OptionGroup(title: "Limits") var limits: LimitOptions

  func run() throws {
    try DiffFrontend(command: self).run().emit()
  }
}

/// Runs `diff`: load both versions, compare, evaluate cases, explore, render. In-process for tests.
struct DiffFrontend {
  let command: DiffCommand
  /// Where `git` runs for `REV:path` operands (default: the current folder).
  var directory: String? = nil

  typealias Result = CommandResult

  /// A case to evaluate under both versions, before binding (each version declares its own facts).
  struct Case {
    let name: String
    let origin: String
    let asOf: CalendarDate?
    let facts: FactsDocument
    let overrides: [String: String]
  }

  /// One loaded version, with the variants `set:` in test cases ask for.
  final class Side {
    let entry: RuleSetCatalog.Entry
    let limits: LoadLimits
    var loaded: [String: Swift.Result<RuleSet, DiagnosticError>] = [:]
    init(entry: RuleSetCatalog.Entry, limits: LoadLimits) {
      self.entry = entry
      self.limits = limits
    }
    func ruleSet(_ overrides: [String: String] = [:]) -> Swift.Result<RuleSet, DiagnosticError> {
      let key = overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
      if let r = loaded[key] { return r }
      let r = RuleSetLoader.load(entry.files, location: entry.location, limits: limits, overrides: overrides)
      loaded[key] = r
      return r
    }
  }

  func run() -> Result {
    var sources: [SourceText] = []
    do throws(DiagnosticError) {
      let limits = command.limits.load
      let optionDate = try command.asOf.map(EvalFrontend.parseDate)
      let oldSide = Side(entry: try entry(command.old, limits: limits), limits: limits)
      let newSide = Side(entry: try entry(command.new, limits: limits), limits: limits)
      for e in [oldSide.entry, newSide.entry] {
        sources += e.files.map { SourceText(path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) }
      }
      var problems: [Diagnostic] = []
      var a: RuleSet?, b: RuleSet?
      switch oldSide.ruleSet() {
      case .success(let s): a = s
      case .failure(let e): problems += e.diagnostics
      }
      switch newSide.ruleSet() {
      case .success(let s): b = s
      case .failure(let e): problems += e.diagnostics
      }
      if let e = DiagnosticError(problems) { throw e }
      guard let a, let b else { return Result(exit: Exit.invalid) }

      let diff = RuleSetDiff.compare(a, b)
      var impact: CaseImpact?
      var bases: [Explorer.Assignment] = []
      if !command.cases.isEmpty {
        var readSources: [SourceText] = []
        let cases = try Self.readCases(command.cases, limits: limits, sources: &readSources)
        sources += readSources
        var results: [CaseImpact.Case] = []
        for c in cases {
          let (r, base) = Self.evaluate(c, old: oldSide, new: newSide, optionDate: optionDate)
          results.append(r)
          if let base, bases.count < 200 { bases.append(base) }
        }
        impact = CaseImpact(results, effectiveFrom: b.header.effectiveFrom)
      }
      var explored: Explorer.Report?
      if command.explore {
        let date = optionDate ?? max(a.header.effectiveFrom, b.header.effectiveFrom)
        var ex = Explorer(old: a, new: b, asOf: date)
        ex.budget = max(1, command.exploreBudget)
        ex.bases = bases
        explored = ex.run()
      }
      let report = DiffReport(diff: diff, cases: impact, explore: explored)
      let text: String
      switch command.format {
      case .text: text = report.text()
      case .json: text = report.json().render() + "\n"
      case .markdown: text = report.markdown()
      }
      let code = report.differs ? Exit.findings : Exit.ok
      if let out = command.output {
        // Every rule file of OLD and NEW and every --cases file was read; none may be replaced.
        if let refusal = OutputGuard.refusal(out, inputs: [command.old, command.new] + command.cases + sources.map(\.path)) {
          return Result(errors: refusal, exit: Exit.invalid)
        }
        if let err = Terminal.writeAtomically(text, to: out) { return Result(errors: "error: \(err)\n", exit: Exit.invalid) }
        return Result(exit: code)
      }
      return Result(output: text, exit: code)
    } catch {
      return Result(errors: DiagnosticRenderer(sources: sources, color: false).render(error.diagnostics), exit: Exit.invalid)
    }
  }

  /// The one rule set an operand names: a file or folder on disk, else `REV:path`.
  func entry(_ spec: String, limits: LoadLimits) throws(DiagnosticError) -> RuleSetCatalog.Entry {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: spec, isDirectory: &isDir) {
      let catalog = try RuleSetCatalog.discover(spec, maxFileBytes: limits.maxFileBytes)
      guard catalog.entries.count == 1 else {
        throw DiagnosticError(.error(
          .severalRulesets, "`\(spec)` holds \(catalog.entries.count) rule sets; diff compares one with one",
          at: .file(spec), help: "name one folder, e.g. \(catalog.entries.prefix(2).map { "`\($0.location)`" }.joined(separator: " or "))"))
      }
      return catalog.entries[0]
    }
    if let (rev, path) = GitSource.split(spec) {
      return try GitSource.entry(spec, rev: rev, path: path, directory: directory)
    }
    throw DiagnosticError(.error(.unreadableFile, "`\(spec)` does not exist", at: .file("<command line>"),
                                 help: "give a rule-set file or folder, or `REV:path` for a git revision"))
  }

  // MARK: Cases

  /// Reads facts files and test files (`cases:`), and folders of them (recursively, sorted).
  static func readCases(_ paths: [String], limits: LoadLimits, sources: inout [SourceText]) throws(DiagnosticError) -> [Case] {
    var files: [String] = []
    func walk(_ dir: String, depth: Int) {
      guard depth < 16, let names = InputFile.list(dir) else { return }
      for n in names.sorted() where !n.hasPrefix(".") {
        let p = dir + "/" + n
        if InputFile.isDirectory(p) { walk(p, depth: depth + 1) } else if n.hasSuffix(".yaml") || n.hasSuffix(".yml") || n.hasSuffix(".json") {
          files.append(p)
        }
      }
    }
    for p in paths {
      if InputFile.isDirectory(p) { walk(p.hasSuffix("/") ? String(p.dropLast()) : p, depth: 0) } else { files.append(p) }
    }
    var out: [Case] = []
    for path in files {
      let doc = try YAMLParser.parse(try InputFile.read(path, maxBytes: limits.maxFileBytes), path: path, limits: limits.yaml)
      sources.append(doc.source)
      guard let root = doc.root, root.mapping != nil else { continue }
      if root["flip"] != nil { continue }  // flip files name test files; those are read directly
      if let items = root["cases"]?.sequence {
        let named = CaseInheritance(items)
        for (n, written) in items.enumerated() {
          let item = try named.resolve(written)
          var r = NodeReader()
          let name = item["name"].flatMap { r.string($0, "`name`") } ?? "case \(n + 1)"
          let asOf = item["as_of"].flatMap { r.date($0, "`as_of`") }
          try r.diagnostics.throwOnError()
          var overrides: [String: String] = [:]
          for p in item["set"]?.mapping ?? [] { overrides[p.name] = p.value.scalar?.value ?? "" }
          let factsNode = item["facts"] ?? YAMLNode(.mapping([]), range: item.range)
          let facts = try FactsDocument.from(doc, path: path, root: factsNode, asOf: asOf)
          out.append(Case(name: name, origin: path, asOf: asOf, facts: facts, overrides: overrides))
        }
      } else {
        let facts = try FactsDocument.from(doc, path: path)
        out.append(Case(name: path, origin: path, asOf: facts.asOf, facts: facts, overrides: [:]))
      }
    }
    return out
  }

  /// Binds a case to one version: facts the version does not declare are left out (it cannot read them).
  static func bind(_ c: Case, to rs: RuleSet) -> Swift.Result<Facts, DiagnosticError> {
    do throws(DiagnosticError) {
      return .success(try c.facts.bind(to: rs, ignoringUndeclared: true))
    } catch {
      return .failure(error)
    }
  }

  /// Evaluates one case under both versions; also returns it as an explore base.
  static func evaluate(_ c: Case, old: Side, new: Side, optionDate: CalendarDate?) -> (CaseImpact.Case, Explorer.Assignment?) {
    func failed(_ why: String) -> (CaseImpact.Case, Explorer.Assignment?) {
      (CaseImpact.Case(name: c.name, origin: c.origin, asOf: optionDate ?? c.asOf, delta: EvaluationDelta(changes: []), error: why), nil)
    }
    guard let asOf = optionDate ?? c.asOf else { return failed("no `as_of`; give one in the case or with --as-of") }
    var evaluations: [Evaluation] = []
    var declared: Set<String> = []
    var base: [String: Value] = [:]
    for (label, side) in [("old", old), ("new", new)] {
      let rs: RuleSet
      switch side.ruleSet(c.overrides) {
      case .success(let s): rs = s
      case .failure(let e): return failed("\(label) version: " + (e.diagnostics.first?.message ?? "cannot load"))
      }
      let facts: Facts
      switch bind(c, to: rs) {
      case .success(let f): facts = f
      case .failure(let e): return failed("\(label) version: " + (e.diagnostics.first?.message ?? "bad facts"))
      }
      declared.formUnion(rs.facts.map(\.name))
      for g in facts.given { base[g.name] = g.value }
      do throws(EvaluationError) {
        evaluations.append(try Program.evaluate(rs, facts: facts, asOf: asOf, asOfSource: c.asOf == nil || optionDate != nil ? "option" : "facts"))
      } catch {
        return failed("\(label) version: " + error.diagnostic.message)
      }
    }
    let ignored = c.facts.names.filter { !declared.contains($0) }
    let delta = EvaluationDelta.between(evaluations[0], evaluations[1])
    return (CaseImpact.Case(name: c.name, origin: c.origin, asOf: asOf, delta: delta, ignored: ignored),
            c.overrides.isEmpty ? Explorer.Assignment(asOf: asOf, facts: base) : nil)
  }
}
