import RulesExpr
import RulesSource
import RulesYAML

/// Limits on rule sets, beyond the YAML layer's (see README, "Limits").
package struct LoadLimits: Sendable {
  package var yaml = YAMLLimits()
  package var maxFileBytes = InputFile.defaultMaxBytes
  package var maxRules = 10_000
  package var expr = ExprParser.Limits()
  package init() {}
}

/// A YAML file already read, for loading rule sets from memory (bundled rules, `git show`).
package struct RuleFile: Sendable {
  package let path: String
  package let bytes: [UInt8]
  package init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }
}

/// Loads the YAML files of one rule set into a checked `RuleSet`, collecting every problem.
package final class RuleSetLoader {
  var r = NodeReader()
  let limits: LoadLimits
  var sources: [SourceText] = []
  /// Top-level entries by section, in file order: (name key node, value node).
  var sections: [String: [(key: YAMLNode, value: YAMLNode)]] = [:]
  /// The key node of each name in `sections`, for finding duplicates.
  var sectionKeys: [String: [String: YAMLNode]] = [:]
  var headerNode: YAMLNode?
  /// Files that did not parse as YAML.
  var unparsed = 0
  var overrides: [String: String]

  // Declarations, filled in stages.
  var facts: [FactDecl] = []
  var factIndex: [String: Int] = [:]
  /// Every group prefix of a dotted fact name (`contract` for `contract.ends_on`) → one such fact.
  var factGroups: [String: String] = [:]
  var constants: [ConstantDecl] = []
  var constantIndex: [String: Int] = [:]
  /// Constants whose declaration had an error (their uses are not reported again).
  var failedConstants: Set<String> = []
  /// Constants as written (name, key, value), in file order; resolved on first use.
  var constantNodes: [(name: String, key: YAMLNode, value: YAMLNode)] = []
  var constantSlots: [String: Int] = [:]
  var constantState: [ResolveState] = []
  /// Constants being resolved inside one another now, outermost first (for naming a cycle).
  var constantPath: [Int] = []
  var tables: [TableDecl] = []
  var tableIndex: [String: Int] = [:]
  var obligations: [ObligationDecl] = []
  var obligationIndex: [String: Int] = [:]
  var obligationDueNodes: [(Int, YAMLNode)] = []
  var decisionIndex: [String: Int] = [:]
  /// Decision shapes, known before their rules are checked, so expressions can refer to any decision.
  var decisionShapes: [DecisionShape] = []
  /// What failed to load, recorded as it happens (for `check`'s lints).
  var failed = RuleSet.FailedParts()
  /// The top-level `exclusions:` entries by name (built on first use).
  var sharedExclusionNodes: [String: (key: YAMLNode, value: YAMLNode)]?
  /// Date constants by value, for the literal-date warning (built on first use).
  var constantDates: [CalendarDate: String]?
  /// Shared exclusions checked so far, by name.
  var sharedExclusions: [String: SharedExclusion] = [:]
  var definitionNodes: [(key: YAMLNode, value: YAMLNode)] = []
  var definitionIndex: [String: Int] = [:]
  var definitionState: [DefinitionState] = []
  /// Definitions being checked inside one another now, outermost first (for naming a cycle).
  var definitionPath: [Int] = []
  /// Definitions being checked inside one another now (bounded by `limits.expr.maxDepth`).
  var definitionNesting = 0
  /// Where each definition or constant being checked now was referred to (to report a cycle at each reference).
  var referenceSites: [Reader: SourceRange] = [:]
  /// Summed tree heights of the expressions being checked inside one another (through definitions).
  var expressionHeight = 0
  /// Which decisions each decision or definition reads (directly).
  var decisionReads: [Int: Set<Int>] = [:]
  var definitionReads: [Int: Set<Int>] = [:]
  var definitionDefs: [Int: Set<Int>] = [:]
  var decisionDefs: [Int: Set<Int>] = [:]
  /// Where each decision or definition first reads each decision (for cycles, reported at the reference).
  var readSites: [Reader: [Int: SourceRange]] = [:]
  /// The expression being checked now, for placing what its names refer to.
  var checkingNode: (node: YAMLNode, source: SourceText?)?
  enum Reader: Hashable { case decision(Int), definition(Int), constant(Int) }
  /// Who is being checked now: a decision or a definition.
  var owner: Owner = .none
  /// Facts some expression reads (for the unused-fact lint).
  package internal(set) var usedFacts: Set<Int> = []

  /// Errors reported so far (kept or dropped past the cap), to tell whether a part added any.
  var errorCount: Int { r.diagnostics.diagnostics.lazy.filter { $0.severity == .error }.count + r.diagnostics.dropped }

  enum Owner { case none, decision(Int), definition(Int), constant }
  enum DefinitionState { case unchecked, checking, done(DefinitionDecl), failed }
  enum ResolveState { case unchecked, checking, done, failed }

  struct DecisionShape {
    let name: String
    let hit: HitPolicy
    let outcomes: [String]
    let hasOtherwise: Bool
    let exclusions: [String]
  }

  package static let sectionNames = RuleFileKeys.sections.keys

  init(limits: LoadLimits, overrides: [String: String]) {
    self.limits = limits
    self.overrides = overrides
  }

  /// Loads the rule set made of `files`. `location` names it in messages.
  /// `overrides` replaces constants' values (`--set name=value`).
  package static func load(
    _ files: [RuleFile], location: String, limits: LoadLimits = .init(), overrides: [String: String] = [:]
  ) -> Result<RuleSet, DiagnosticError> {
    let loader = RuleSetLoader(limits: limits, overrides: overrides)
    let set = loader.run(files, location: location)
    if let e = DiagnosticError(loader.r.diagnostics.sorted) { return .failure(e) }
    guard let set else {
      return .failure(DiagnosticError(.error(.noRuleset, "no rule set in `\(location)`", at: .file(location))))
    }
    return .success(set)
  }

  /// Like `load`, but returns warnings too, and whatever could be loaded (for `check`).
  /// When the diagnostics hold errors the set is partial: a rule whose `when` failed has none, a
  /// broken exclusion is left out, a broken definition is `false`. Lints must not trust those parts
  /// (`check` runs its semantic lints only on decisions with no error in or under them).
  package static func check(
    _ files: [RuleFile], location: String, limits: LoadLimits = .init()
  ) -> (RuleSet?, [Diagnostic], usedFacts: Set<Int>) {
    let loader = RuleSetLoader(limits: limits, overrides: [:])
    let set = loader.run(files, location: location)
    return (set, loader.r.diagnostics.sorted, loader.usedFacts)
  }

  func run(_ files: [RuleFile], location: String) -> RuleSet? {
    for f in files { read(f) }
    // A file that does not parse leaves its names undeclared; checking the rest would only report
    // those names again as unknown everywhere they are used. Fix the syntax first (as CEL does).
    if unparsed > 0 { return nil }
    guard let headerNode else {
      if !r.diagnostics.containsError {
        r.diagnostics.insert(.error(
          .noRuleset, "no file in `\(location)` has a `ruleset:` header", at: .file(files.first?.path ?? location),
          help: "add a file with `ruleset:` giving id, series, decided_on, effective_from and main"))
      }
      return nil
    }
    // Passes (docs/architecture.md): facts, tables and obligations are plain data; constants are
    // resolved on first use, so they may refer to each other in any order (not to facts or
    // decisions); decision shapes must exist before any expression can refer to a decision;
    // definitions too are checked on first use. Key order within a mapping or across files
    // never matters, and a cycle is an error naming its path.
    declareFacts()
    declareTables()
    declareObligations()
    declareConstants()
    declareDecisionShapes()
    // Past the rule limit the rest is not read: it would only add errors that follow from it.
    if r.diagnostics.diagnostics.contains(where: { $0.code == .limitRules }) { return nil }
    declareDefinitions()
    let header = readHeader(headerNode)
    let decisions = readDecisions()
    finishObligationDues()
    reportUnusedSharedExclusions()
    let definitions = finishDefinitions()
    for (i, state) in definitionState.enumerated() {
      if case .failed = state { failed.definitions.insert(i) }
    }
    guard let header else { return nil }
    let order = decisionOrder(decisions)
    let main = header.main.compactMap { m -> Int? in
      guard let i = decisionIndex[m.value] else {
        r.diagnostics.insert(.error(.unknownDecision, "`main` names unknown decision `\(m.value)`", at: m.range,
                                    help: Suggestions.didYouMean(m.value, in: decisionShapes.map(\.name))))
        return nil
      }
      return i
    }
    return RuleSet(
      header: header, facts: facts, constants: constants, definitions: definitions, tables: tables,
      obligations: obligations, decisions: decisions, main: main, decisionOrder: order, files: sources,
      location: location, failed: failed)
  }

  /// Parses one file and files its top-level entries under their sections.
  func read(_ f: RuleFile) {
    let doc: YAMLDocument
    do {
      doc = try YAMLParser.parse(f.bytes, path: f.path, limits: limits.yaml)
    } catch {
      r.diagnostics.formUnion(error.diagnostics)
      unparsed += 1
      return
    }
    sources.append(doc.source)
    guard let root = doc.root else {
      r.diagnostics.insert(.error(.emptyFile, "`\(f.path)` is empty", at: .file(f.path),
                                  help: "a rule file starts with one of: \(Self.sectionNames.joined(separator: ", "))"))
      return
    }
    guard let top = r.fields(root, "a rule file", allowed: Self.sectionNames) else { return }
    for (section, node) in top {
      if section == "ruleset" {
        if let first = headerNode {
          r.error(.duplicateHeader, "a second `ruleset:` header", at: node, help: "a rule set has one header",
                  notes: [.note("first header here", at: first.range)])
        } else {
          headerNode = node
        }
        continue
      }
      if let s = node.scalar, s.isNull { continue }
      guard let pairs = node.mapping else {
        r.error(.expectedMapping, "`\(section)` must be a mapping of names to entries, not \(node.kindName)", at: node)
        continue
      }
      for p in pairs {
        // A dictionary, not a search of `sections`: thousands of entries must not cost n² comparisons.
        if let prior = sectionKeys[section]?[p.name] {
          r.error(.duplicateName, "`\(p.name)` is declared twice in `\(section)`", at: p.key,
                  notes: [.note("first declared here", at: prior.range)])
          continue
        }
        sectionKeys[section, default: [:]][p.name] = p.key
        sections[section, default: []].append((p.key, p.value))
      }
    }
  }
}
