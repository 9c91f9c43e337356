import RulesExpr
import RulesSource

/// Name resolution for expressions while a rule set loads.
extension RuleSetLoader: CheckScope {
  package func resolve(_ path: [String], range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox> {
    let full = path.joined(separator: ".")
    func fail(_ code: DiagnosticCode, _ msg: String, help: String?) -> Result<(Symbol, ExprType), ExprIssueBox> {
      .failure(ExprIssueBox(ExprIssue(code, msg, range, help: help)))
    }
    // A name whose declaration already failed was reported there; do not report every use again.
    if failedConstants.contains(full) { return .failure(ExprIssueBox(ExprIssue(.silent, "", range))) }
    if case .constant = owner { return constantForConstant(full, range: range) }
    if full == "as_of" { return .success((.asOf, .date)) }
    if let i = factIndex[full] {
      usedFacts.insert(i)
      return .success((.fact(i), facts[i].exprType))
    }
    if path.count == 1 {
      if let i = constantIndex[full] { return .success((.constant(i), constants[i].type)) }
      if let i = definitionIndex[full] { return definition(i, range: range) }
      if let i = tableIndex[full] { return .success((.table(i), .row(table: i, name: full))) }
    }
    if path.count == 2, let d = decisionIndex[path[0]] {
      return decisionField(d, path[1], range: range)
    }
    if decisionIndex[path[0]] != nil {
      return fail(.unknownName, "`\(full)` is not a part of decision `\(path[0])`",
                  help: "write `\(path[0]).outcome`, `.deadline`, `.status`, `.excluded` …")
    }
    if path.count == 1, decisionIndex[full] != nil {
      return fail(.unknownName, "decision `\(full)` is used as a value",
                  help: "read one part of it: `\(full).outcome`, `\(full).deadline`, `\(full).status`")
    }
    let pool = facts.map(\.name) + constants.map(\.name) + Array(definitionIndex.keys) + tables.map(\.name) + ["as_of"]
    let suggestion = Suggestions.closest(to: full, in: path.count > 1 ? facts.map(\.name) : pool)
    // A dotted name, or one closest to a fact, is most likely a misspelt fact.
    let isFactLike = path.count > 1 || suggestion.map { factIndex[$0] != nil } == true
    return fail(isFactLike ? .unknownFact : .unknownName,
                isFactLike ? "unknown fact `\(full)`" : "unknown name `\(full)`",
                help: suggestion.map { "did you mean `\($0)`?" }
                  ?? (isFactLike ? "declare it under `facts:`" : "declare it under `constants:` or `definitions:`"))
  }

  package func columns(ofTable table: Int) -> [(name: String, type: ExprType)] {
    tables[table].columns.map { ($0.name, $0.type.isOptional ? $0.type : $0.type.optional) }
  }

  private func decisionField(_ d: Int, _ field: String, range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox> {
    let shape = decisionShapes[d]
    noteRead(decision: d, at: range)
    guard let f = DecisionField(rawValue: field) else {
      return .failure(ExprIssueBox(ExprIssue(
        .unknownName, "decision `\(shape.name)` has no part `\(field)`", range,
        help: Suggestions.didYouMean(field, in: DecisionField.allCases.map(\.rawValue))
          ?? "its parts: \(DecisionField.allCases.map(\.rawValue).joined(separator: ", "))")))
    }
    let outcomes = ExprType.enumeration(name: "the outcomes of `\(shape.name)`", values: shape.outcomes)
    let type: ExprType
    switch f {
    case .outcome:
      if shape.hit == .collect {
        return .failure(ExprIssueBox(ExprIssue(
          .collectOutcome, "`\(shape.name)` collects several outcomes, so it has no single `outcome`", range,
          help: "write `\(shape.name).outcomes contains \"…\"`")))
      }
      type = shape.hasOtherwise ? outcomes : outcomes.optional
    case .outcomes: type = .list(outcomes)
    case .rule: type = ExprType.string.optional
    case .rules: type = .list(.string)
    case .deadline: type = ExprType.date.optional
    case .status: type = .enumeration(name: "a status", values: ["active", "expired", "none"])
    case .excluded: type = .list(.enumeration(name: "the exclusions of `\(shape.name)`", values: shape.exclusions))
    case .obligations: type = .list(.enumeration(name: "the obligations", values: obligations.map(\.id)))
    }
    return .success((.decision(d, f), type))
  }

  func noteRead(decision d: Int, at range: Range<Int>) {
    // The first place each reference is written, so a cycle is reported where it closes.
    let site = checkingNode.map { ExprPosition.range(range, in: $0.node, source: $0.source) }
    switch owner {
    case .decision(let o):
      decisionReads[o, default: []].insert(d)
      if let site, readSites[.decision(o), default: [:]][d] == nil { readSites[.decision(o), default: [:]][d] = site }
    case .definition(let o):
      definitionReads[o, default: []].insert(d)
      if let site, readSites[.definition(o), default: [:]][d] == nil { readSites[.definition(o), default: [:]][d] = site }
    default: break
    }
  }

  /// A definition's symbol and type; checks it on first use, detecting cycles.
  private func definition(_ i: Int, range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox> {
    if case .definition(let o) = owner { definitionDefs[o, default: []].insert(i) }
    if case .decision(let o) = owner { decisionDefs[o, default: []].insert(i) }
    switch definitionState[i] {
    case .done(let d): return .success((.definition(i), d.type))
    case .failed: return .failure(ExprIssueBox(ExprIssue(.silent, "", range)))
    case .checking:
      let members = Array(definitionPath.drop(while: { $0 != i }))
      let names = (members + [i]).map { definitionNodes[$0].key.scalar?.value ?? "" }
      let message = "definitions depend on each other in a cycle: \(names.joined(separator: " → "))"
      let help = "a definition cannot use itself, directly or through others"
      // Every reference of the cycle closes it: the others are reported here, this one through the issue.
      for m in members.dropFirst() {
        if let site = referenceSites[.definition(m)] { r.diagnostics.insert(.error(.cycle, message, at: site, help: help)) }
      }
      return .failure(ExprIssueBox(ExprIssue(.cycle, message, range, help: help)))
    case .unchecked:
      // Checking a definition checks those it uses first, recursively: bound the chain.
      if definitionNesting >= limits.expr.maxDepth {
        return .failure(ExprIssueBox(ExprIssue(
          .limitDepth, "definitions refer to each other more than \(limits.expr.maxDepth) levels deep", range,
          help: "shorten the chain of definitions, or raise the limit with `--max-expr-depth`")))
      }
      definitionNesting += 1
      referenceSites[.definition(i)] = checkingNode.map { ExprPosition.range(range, in: $0.node, source: $0.source) }
      defer {
        definitionNesting -= 1
        referenceSites[.definition(i)] = nil
      }
      checkDefinition(i)
      if case .done(let d) = definitionState[i] { return .success((.definition(i), d.type)) }
      return .failure(ExprIssueBox(ExprIssue(.silent, "", range)))
    }
  }
}
