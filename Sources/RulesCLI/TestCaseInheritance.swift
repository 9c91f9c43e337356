import RulesModel
import RulesSource
import RulesYAML

/// `extends: NAME` in a test case: the case is built on another named case of the same file. Its
/// `facts` and `set` are merged key by key (facts compared by dotted name, so `contract: {a: 1}` and
/// `contract.a: 2` are the same key), this case winning; `as_of` and `description` are inherited
/// when not given; `expect` is never inherited.
struct CaseInheritance {
  private var byName: [String: YAMLNode] = [:]

  init(_ cases: [YAMLNode]) {
    for c in cases {
      if let n = c["name"]?.scalar?.value, byName[n] == nil { byName[n] = c }
    }
  }

  /// The case with what it extends merged in (a case without `extends` is returned as written).
  func resolve(_ node: YAMLNode) throws(DiagnosticError) -> YAMLNode {
    try resolve(node, chain: [])
  }

  private func resolve(_ node: YAMLNode, chain: [String]) throws(DiagnosticError) -> YAMLNode {
    guard let ext = node["extends"], let pairs = node.mapping else { return node }
    guard let baseName = ext.scalar?.value, !(ext.scalar?.isNull ?? true) else {
      throw DiagnosticError(.error(.badCase, "`extends` names one case of this file", at: ext.range))
    }
    let me = node["name"]?.scalar?.value ?? ""
    guard let baseNode = byName[baseName] else {
      throw DiagnosticError(.error(.badCase, "`extends` names no case of this file: `\(baseName)`", at: ext.range,
                                   help: Suggestions.didYouMean(baseName, in: byName.keys.sorted())))
    }
    if chain.contains(baseName) || baseName == me {
      throw DiagnosticError(.error(.cycle, "test cases extend each other in a cycle: \((chain + [me, baseName]).joined(separator: " → "))",
                                   at: ext.range, help: "a case cannot build on itself, directly or through others"))
    }
    let base = try resolve(baseNode, chain: chain + [me])
    var out: [YAMLPair] = pairs.filter { $0.name != "extends" }
    for key in ["facts", "set"] {
      guard let b = base[key] else { continue }
      if let i = out.firstIndex(where: { $0.name == key }) {
        out[i] = YAMLPair(key: out[i].key, value: Self.merge(b, out[i].value))
      } else {
        out.append(YAMLPair(key: YAMLNode(.scalar(YAMLScalar(key, style: .plain)), range: ext.range), value: b))
      }
    }
    for key in ["as_of", "description"] where node[key] == nil {
      if let b = base[key] { out.append(YAMLPair(key: YAMLNode(.scalar(YAMLScalar(key, style: .plain)), range: ext.range), value: b)) }
    }
    return YAMLNode(.mapping(out), range: node.range, tag: node.tag)
  }

  /// `base` overlaid with `over`, by dotted key.
  static func merge(_ base: YAMLNode, _ over: YAMLNode) -> YAMLNode {
    let mine = flatten(over)
    let names = Set(mine.map(\.name))
    let kept = flatten(base).filter { !names.contains($0.name) }
    return YAMLNode(.mapping(kept + mine), range: over.range, tag: over.tag)
  }

  /// Nested maps as flat dotted keys.
  static func flatten(_ node: YAMLNode, prefix: String = "") -> [YAMLPair] {
    (node.mapping ?? []).flatMap { p -> [YAMLPair] in
      let name = prefix.isEmpty ? p.name : prefix + "." + p.name
      if p.value.mapping != nil { return flatten(p.value, prefix: name) }
      let key = YAMLNode(.scalar(YAMLScalar(name, style: .plain)), range: p.key.range)
      return [YAMLPair(key: key, value: p.value)]
    }
  }
}

/// `expect: {error: {code: C, line: L, column: K}}`; line and column are optional.
struct ExpectedError: CustomStringConvertible {
  let code: String
  let line: Int?
  let column: Int?

  static func read(_ node: YAMLNode) throws(DiagnosticError) -> ExpectedError {
    var r = NodeReader()
    let f = r.fields(node, "`error`", allowed: ["code", "line", "column"], required: ["code"]) ?? [:]
    let code = f["code"].flatMap { r.string($0, "`code`") }
    func int(_ k: String) -> Int? {
      guard let n = f[k] else { return nil }
      guard let v = n.scalar.flatMap({ Int($0.value) }), v > 0 else {
        r.error(.expectedNumber, "`\(k)` must be a whole number from 1", at: n)
        return nil
      }
      return v
    }
    let line = int("line"), column = int("column")
    try r.diagnostics.throwOnError()
    return ExpectedError(code: code ?? "", line: line, column: column)
  }

  func matches(_ d: Diagnostic) -> Bool {
    d.code.rawValue == code && (line.map { $0 == d.range.start.line } ?? true) && (column.map { $0 == d.range.start.column } ?? true)
  }

  var description: String {
    "`\(code)`" + (line.map { " at line \($0)" + (column.map { ", column \($0)" } ?? "") } ?? "")
  }
}
