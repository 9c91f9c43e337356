import RulesEval
import RulesModel
import RulesSource
import RulesYAML

extension TestRunner {
  /// A flip file: evaluates the listed test files' cases with the constant at its default and
  /// flipped; the cases whose answer changes must be exactly `changed`.
  mutating func runFlip(_ flip: YAMLNode, _ f: [String: YAMLNode], path: String, doc: YAMLDocument) throws(DiagnosticError) {
    var r = NodeReader()
    let ff = r.fields(flip, "`flip`", allowed: ["constant", "value"], required: ["constant", "value"])
    let constant = ff?["constant"].flatMap { r.string($0, "`constant`") }
    let value = ff?["value"].flatMap { r.string($0, "`value`") }
    let files = (f["cases"]?.sequence ?? []).compactMap { r.string($0, "a test file") }.map { Self.relative($0, to: path) }
    let expected = Set((f["changed"]?.sequence ?? []).compactMap { r.string($0, "a case name") })
    if f["changed"] == nil { r.error(.missingKey, "a flip file needs `changed:`, the cases whose answer changes", at: flip) }
    if files.isEmpty { r.error(.missingKey, "a flip file needs `cases:`, the test files to run both ways", at: flip) }
    try r.diagnostics.throwOnError()
    guard let constant, let value else { return }
    let rulesPath = f["rules"]?.scalar.map { Self.relative($0.value, to: path) }
    var changed: Set<String> = []
    var names: Set<String> = []
    for file in files {
      let bytes = try InputFile.read(file, maxBytes: limits.maxFileBytes)
      let cdoc = try YAMLParser.parse(bytes, path: file, limits: limits.yaml)
      let fileRules = cdoc.root?["rules"]?.scalar.map { Self.relative($0.value, to: file) } ?? rulesPath
      let items = cdoc.root?["cases"]?.sequence ?? []
      let named = CaseInheritance(items)
      for n in items {
        let c = try parseCase(named.resolve(n), doc: cdoc, path: file, rules: fileRules)
        if c.expectedError != nil { continue }  // a case that must fail has no answer to flip
        names.insert(c.name)
        let base = try evaluate(c, provider: provider(c.rules, c.overrides))
        var flipped = c.overrides
        flipped[constant] = value
        let other = try evaluate(c, provider: provider(c.rules, flipped))
        if !EvaluationDelta.between(base, other, obligations: false).isEmpty { changed.insert(c.name) }
      }
    }
    let unknown = expected.subtracting(names)
    let unexpected = changed.subtracting(expected)
    let missing = expected.subtracting(changed).subtracting(unknown)
    if unknown.isEmpty && unexpected.isEmpty && missing.isEmpty {
      passed += 1
      if verbose { output += "ok   flip \(constant)=\(value) changes \(changed.count) cases\n" }
      return
    }
    failed += 1
    output += "FAIL flip \(constant)=\(value)  (\(path))\n"
    for n in unexpected.sorted() { output += "  changes but is not listed: \(n)\n" }
    for n in missing.sorted() { output += "  listed but does not change: \(n)\n" }
    for n in unknown.sorted() { output += "  listed but no such case: \(n)\n" }
  }
}
