import RulesExpr
import RulesSource
import RulesYAML

extension RuleSetLoader {
  /// Parses and checks the expression in a scalar node; reports problems at their place in the file.
  func expression(_ node: YAMLNode, condition: Bool) -> ExprSlot? {
    let slot = checkedExpression(node, condition: condition)
    // Also when it failed silently (it uses a constant or definition whose own error was reported).
    if slot == nil, case .decision(let d) = owner { failed.decisions.insert(d) }
    return slot
  }

  private func checkedExpression(_ node: YAMLNode, condition: Bool) -> ExprSlot? {
    guard let s = node.scalar, !s.isNull || s.isQuoted else {
      r.error(.expectedExpression, "expected an expression, not \(node.kindName)", at: node,
              help: condition ? "write a condition such as `contract.multi_year`, or a list of them" : nil)
      return nil
    }
    let source = sources.last { $0.path == node.range.file }
    let syntax: Syntax.Expr
    do {
      syntax = try ExprParser.parse(s.value, limits: limits.expr)
    } catch {
      r.diagnostics.insert(.error(.exprSyntax, error.message, at: ExprPosition.range(error.range, in: node, source: source),
                                  help: error.help))
      return nil
    }
    // A definition is checked where it is first used, inside the user's check: bound the sum.
    if expressionHeight + syntax.height > limits.expr.maxHeight {
      r.error(.limitDepth, "expressions nested through definitions are more than \(limits.expr.maxHeight) levels deep",
              at: node, help: "shorten the chain of definitions, or raise the limit with `--max-expr-depth`")
      return nil
    }
    expressionHeight += syntax.height
    defer { expressionHeight -= syntax.height }
    let outerNode = checkingNode
    checkingNode = (node, source)
    defer { checkingNode = outerNode }
    var checker = Checker(scope: self)
    let typed = condition ? checker.checkCondition(syntax) : checker.check(syntax)
    for i in checker.issues where i.code != .silent {
      let site = ExprPosition.range(i.range, in: node, source: source)
      r.diagnostics.insert(i.isWarning ? .warning(i.code, i.message, at: site, help: i.help)
                                       : .error(i.code, i.message, at: site, help: i.help))
    }
    guard let typed, !checker.issues.contains(where: { !$0.isWarning }) else { return nil }
    return ExprSlot(text: s.value, syntax: syntax, typed: typed, range: node.range)
  }

  /// A condition: an expression, a list (all), or `all`/`any`/`not`.
  func condition(_ node: YAMLNode, depth: Int = 0) -> Condition? {
    if depth > limits.yaml.maxDepth {
      r.error(.limitDepth, "conditions are nested too deeply", at: node)
      return nil
    }
    if node.scalar != nil { return expression(node, condition: true).map(Condition.expr) }
    if let items = node.sequence {
      let cs = items.compactMap { condition($0, depth: depth + 1) }
      return cs.count == items.count ? .all(cs) : nil
    }
    guard let pairs = node.mapping, pairs.count == 1, let p = pairs.first else {
      r.error(.badCondition, "a condition is an expression, a list, or one of `all:`, `any:`, `not:`", at: node)
      return nil
    }
    switch p.name {
    case "all", "any":
      guard let items = p.value.sequence else {
        r.error(.expectedList, "`\(p.name):` takes a list of conditions", at: p.value)
        return nil
      }
      let cs = items.compactMap { condition($0, depth: depth + 1) }
      guard cs.count == items.count else { return nil }
      return p.name == "all" ? .all(cs) : .any(cs)
    case "not":
      return condition(p.value, depth: depth + 1).map(Condition.not)
    default:
      r.unknownKey(p.key, in: "a condition", allowed: RuleFileKeys.condition.keys)
      return nil
    }
  }

  /// Declares every constant. A constant may use any other, wherever it is written: each is
  /// resolved on first use (YAML mappings have no order), and a cycle is an error naming its path.
  func declareConstants() {
    constantNodes = []
    for (key, node) in sections["constants"] ?? [] {
      guard let name = r.name(key, "a constant name") else { continue }
      constantSlots[name] = constantNodes.count
      constantNodes.append((name, key, node))
    }
    constantState = Array(repeating: .unchecked, count: constantNodes.count)
    for i in constantNodes.indices { resolveConstant(i) }
    for name in overrides.keys.sorted() where constantIndex[name] == nil && !failedConstants.contains(name) {
      r.diagnostics.insert(.error(
        .unknownConstant, "`--set \(name)=…` names no constant of this rule set", at: .file("<command line>"),
        help: Suggestions.didYouMean(name, in: constantNodes.map(\.name))))
    }
  }

  /// Checks and evaluates constant `i` (once); the constants it uses first.
  func resolveConstant(_ i: Int) {
    guard case .unchecked = constantState[i] else { return }
    constantState[i] = .checking
    constantPath.append(i)
    let saved = owner
    owner = .constant
    defer {
      owner = saved
      constantPath.removeLast()
    }
    let (name, key, node) = constantNodes[i]
    func failed() {
      failedConstants.insert(name)
      constantState[i] = .failed
    }
    var description: LocalizedText?, source: Citation?, allowed: [String]?
    var valueNode = node
    var declared: String?
    if node.mapping != nil {
      guard let f = r.fields(node, "constant `\(name)`",
                             allowed: RuleFileKeys.constant.keys, required: RuleFileKeys.constant.required),
        let v = f["value"]
      else { return failed() }
      valueNode = v
      description = (f["description"] ?? f["label"]).flatMap { r.text($0, "`description`") }
      source = f["source"].flatMap { r.citation($0) }
      allowed = f["values"].flatMap { n in n.sequence?.compactMap { r.string($0, "a value") } }
      declared = f["type"].flatMap { r.string($0, "`type`") }
    }
    let type: ExprType
    let value: Value
    var slot: ExprSlot?
    let override = overrides[name]
    // A value from `--set` is reported at the command line, not in the file.
    let overrideSite = SourceRange.file("<command line>")
    if let allowed {
      type = .enumeration(name: "constant `\(name)`", values: allowed)
      guard let text = override ?? r.string(valueNode, "`value`") else { return failed() }
      guard allowed.contains(text) else {
        let help = Suggestions.didYouMean(text, in: allowed) ?? "its values: \(allowed.joined(separator: ", "))"
        if override != nil {
          r.diagnostics.insert(.error(.unknownValue, "`--set \(name)=\(text)`: `\(text)` is not one of the values of constant `\(name)`",
                                      at: overrideSite, help: help))
        } else {
          r.error(.unknownValue, "`\(text)` is not one of the values of constant `\(name)`", at: valueNode, help: help)
        }
        return failed()
      }
      value = .string(text)
    } else if declared == "string" {
      type = .string
      guard let text = override ?? r.string(valueNode, "`value`") else { return failed() }
      value = .string(text)
    } else {
      let exprNode = override.map { YAMLNode(.scalar(YAMLScalar($0, style: .plain)), range: overrideSite) } ?? valueNode
      guard let s = expression(exprNode, condition: false) else { return failed() }
      var src = ConstantSource(constants: constants)
      do {
        guard case .known(let v) = try Interpreter.evaluate(s.typed, &src) else {
          r.error(.notConstant, "constant `\(name)` must not depend on facts or decisions", at: valueNode)
          return failed()
        }
        value = v
      } catch {
        // The real reason (a day that does not exist, a division by zero), at its place.
        let source = sources.last { $0.path == exprNode.range.file }
        r.diagnostics.insert(.error(.evaluationFailed, "constant `\(name)` cannot be computed: \(error.message)",
                                    at: ExprPosition.range(error.range, in: exprNode, source: source), help: error.help))
        return failed()
      }
      type = s.typed.type
      slot = s
    }
    constantState[i] = .done
    constantIndex[name] = constants.count
    constants.append(ConstantDecl(name: name, type: type, value: value, expr: slot, allowed: allowed,
                                  description: description, source: source, range: key.range))
  }

  /// The symbol of constant `name` for another constant's expression: resolved now if need be.
  func constantForConstant(_ name: String, range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox> {
    guard let slot = constantSlots[name] else {
      return .failure(ExprIssueBox(ExprIssue(
        .notConstant, "a constant can use only other constants, not `\(name)`", range,
        help: Suggestions.didYouMean(name, in: constantNodes.map(\.name)))))
    }
    if case .checking = constantState[slot] {
      let members = Array(constantPath.drop(while: { $0 != slot }))
      let cycle = (members + [slot]).map { constantNodes[$0].name }
      let message = "constants depend on each other in a cycle: \(cycle.joined(separator: " → "))"
      let help = "a constant cannot use itself, directly or through others"
      // Every reference of the cycle closes it: the others are reported here, this one through the issue.
      for m in members.dropFirst() {
        if let site = referenceSites[.constant(m)] { r.diagnostics.insert(.error(.cycle, message, at: site, help: help)) }
      }
      return .failure(ExprIssueBox(ExprIssue(.cycle, message, range, help: help)))
    }
    // Resolving a constant resolves those it uses first, recursively: bound the chain.
    if case .unchecked = constantState[slot], constantPath.count >= limits.expr.maxDepth {
      return .failure(ExprIssueBox(ExprIssue(
        .limitDepth, "constants refer to each other more than \(limits.expr.maxDepth) levels deep", range,
        help: "shorten the chain of constants, or raise the limit with `--max-expr-depth`")))
    }
    if case .unchecked = constantState[slot] {
      referenceSites[.constant(slot)] = checkingNode.map { ExprPosition.range(range, in: $0.node, source: $0.source) }
    }
    resolveConstant(slot)
    referenceSites[.constant(slot)] = nil
    if let i = constantIndex[name] { return .success((.constant(i), constants[i].type)) }
    return .failure(ExprIssueBox(ExprIssue(.silent, "", range)))
  }
}

/// Evaluates constant expressions at load time: they may read earlier constants only.
struct ConstantSource: SymbolSource {
  let constants: [ConstantDecl]
  mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri {
    if case .constant(let i) = symbol { return .known(constants[i].value) }
    return .unknown(FactSet())
  }
  func isGiven(fact index: Int) -> Bool { false }
  func lookup(table: Int, key: String) -> Int? { nil }
  func cell(table: Int, row: Int, column: Int) -> Value { .none }
}
