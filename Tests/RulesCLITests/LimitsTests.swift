import Foundation
import Testing
@testable import RulesCLI

/// README "Limits" must match behaviour: each limit accepts its input at the smallest value that
/// fits and refuses it one below, with the documented error code; the table lists every flag with
/// its real default; the output file is written atomically and never replaces an input.
@Suite struct LimitsTests {
  static let tmp: String = {
    let d = NSTemporaryDirectory() + "limits-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }()

  /// Facts with an alias, padded to be larger than the rule file (the size limit applies to both).
  static let facts: String = {
    let p = tmp + "/facts.yaml"
    let rulesSize = (try? FileManager.default.attributesOfItem(atPath: fixture("small/rules.yaml"))[.size] as? Int) ?? 0
    var s = """
      as_of: 2024-07-01
      applicant: {kind: company, founded_on: 2021-05-01}
      application.filed_on: &filed 2024-05-01
      project: {ends_on: *filed, cost: 500}

      """
    s += "# " + String(repeating: "x", count: max(0, rulesSize + 100 - s.utf8.count)) + "\n"
    try? s.write(toFile: p, atomically: true, encoding: .utf8)
    return p
  }()

  /// Runs eval with `flag value`; nil when it succeeds, else the first error code.
  func failure(_ flag: String, _ value: Int) throws -> String? {
    let r = try runEval(["--rules", fixture("small"), "--as-of", "2024-07-01", flag, String(value), Self.facts])
    if r.exit == 0 || r.exit == 3 { return nil }
    guard let m = r.errors.firstMatch(of: /error\[([a-z-]+)\]/) else { return "exit \(r.exit): \(r.errors)" }
    return String(m.1)
  }

  /// The smallest value of `flag` the good input passes with (limits are monotone).
  func smallestPassing(_ flag: String) throws -> Int {
    var lo = 0, hi = LimitOptions.ceilings.first { $0.flag == flag }?.max ?? 1 << 24
    while lo < hi {
      let mid = (lo + hi) / 2
      if try failure(flag, mid) == nil { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  static let documented: [(flag: String, code: String)] = [
    ("--max-file-bytes", "limit-file-size"),
    ("--max-depth", "limit-depth"),
    ("--max-alias-nodes", "limit-alias-expansion"),
    ("--max-string-bytes", "limit-string-length"),
    ("--max-rules", "limit-rules"),
    ("--max-expr-depth", "expr-syntax"),
    ("--max-expr-length", "expr-syntax"),
  ]

  @Test(arguments: documented.map(\.flag)) func limitTriggersOnlyPastIt(_ flag: String) throws {
    let code = Self.documented.first { $0.flag == flag }!.code
    let v = try smallestPassing(flag)
    #expect(v > 0, "\(flag): the test input should need at least 1")
    #expect(try failure(flag, v) == nil)
    #expect(try failure(flag, v - 1) == code, "\(flag) \(v - 1) should fail with \(code)")
  }

  @Test func readmeTableMatchesTheFlags() throws {
    let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
    guard let start = readme.range(of: "## Limits") else {
      Issue.record("README.md has no `## Limits` section")
      return
    }
    let rest = readme[start.upperBound...]
    let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
    let defaults = try LimitOptions.parse([])
    let values: [String: Int] = [
      "--max-file-bytes": defaults.maxFileBytes, "--max-depth": defaults.maxDepth,
      "--max-alias-nodes": defaults.maxAliasNodes, "--max-string-bytes": defaults.maxStringBytes,
      "--max-rules": defaults.maxRules, "--max-expr-depth": defaults.maxExprDepth,
      "--max-expr-length": defaults.maxExprLength,
    ]
    for (flag, code) in Self.documented {
      guard let row = section.split(separator: "\n").first(where: { $0.contains("`\(flag)`") }) else {
        Issue.record("README Limits has no row for \(flag)")
        continue
      }
      let digits = row.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
      #expect(digits.contains(String(values[flag]!)), "README row for \(flag) should give the default \(values[flag]!): \(row)")
      #expect(row.contains(code), "README row for \(flag) should name `\(code)`: \(row)")
    }
  }

  @Test func flagCeilingsAreEnforced() {
    #expect(throws: (any Error).self) { try EvalCommand.parse(["--max-depth", "1001", "f.yaml"]) }
    #expect(throws: (any Error).self) { try EvalCommand.parse(["--max-expr-depth", "1001", "f.yaml"]) }
    #expect(throws: (any Error).self) { try EvalCommand.parse(["--max-rules", "-1", "f.yaml"]) }
    #expect((try? EvalCommand.parse(["--max-depth", "1000", "f.yaml"])) != nil)
  }

  // MARK: --output

  func snapshot(_ paths: [String]) -> [String: (Data, Date)] {
    var out: [String: (Data, Date)] = [:]
    for p in paths {
      let a = try? FileManager.default.attributesOfItem(atPath: p)
      out[p] = (FileManager.default.contents(atPath: p) ?? Data(), (a?[.modificationDate] as? Date) ?? .distantPast)
    }
    return out
  }

  @Test func outputIsWrittenWholeAndInputsAreUntouched() throws {
    let dir = Self.tmp + "/out-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let inputs = [Self.facts, fixture("small/rules.yaml")]
    let before = snapshot(inputs)
    let plain = try runEval(["--rules", fixture("small"), "--format", "json", Self.facts])
    let out = dir + "/result.json"
    let r = try runEval(["--rules", fixture("small"), "--format", "json", "--output", out, Self.facts])
    #expect(r.exit == plain.exit && r.output.isEmpty && r.errors.isEmpty)
    #expect(try String(contentsOfFile: out, encoding: .utf8) == plain.output)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["result.json"], "no temporary file is left")
    let after = snapshot(inputs)
    for p in inputs { #expect(before[p]!.0 == after[p]!.0 && before[p]!.1 == after[p]!.1, "\(p) was modified") }
  }

  @Test func failedRunLeavesAnExistingOutputAlone() throws {
    let dir = Self.tmp + "/keep-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let out = dir + "/result.txt"
    try "previous result\n".write(toFile: out, atomically: true, encoding: .utf8)
    let r = try runEval(["--rules", fixture("small"), "--output", out, fixture("bad-facts/syntax.yaml")])
    #expect(r.exit == 2)
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "previous result\n")
    let missing = try runEval(["--rules", fixture("small"), "--output", dir + "/no/such/dir/x.txt", Self.facts])
    #expect(missing.exit == 2 && missing.errors.contains("cannot write"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["result.txt"])
  }

  @Test func outputNeverReplacesAnInput() throws {
    let dir = Self.tmp + "/same-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let facts = dir + "/facts.yaml"
    try FileManager.default.copyItem(atPath: Self.facts, toPath: facts)
    let before = FileManager.default.contents(atPath: facts)
    let r = try runEval(["--rules", fixture("small"), "--output", facts, facts])
    #expect(r.exit == 2 && r.errors.contains("would overwrite the input"))
    #expect(FileManager.default.contents(atPath: facts) == before)
  }
}
