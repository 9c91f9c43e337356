import Foundation
import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML
import Testing
@testable import RulesCLI

/// Runs `eval --batch …` in-process; the output is collected, progress is off.
func runBatch(_ args: [String]) throws -> CommandResult {
  BatchRunner(command: try EvalCommand.parse(args), outputFD: nil, progress: false).run()
}

/// Two batch runs that must agree: the same exit, the same counts in the summary line (whose time and
/// rate differ) and the same output, line by line; the first differing line is reported.
func expectSameBatch(_ a: CommandResult, _ b: CommandResult, _ note: String) {
  #expect(!a.output.isEmpty, "\(note): no output")
  #expect(a.exit == b.exit, "\(note)")
  func counts(_ s: String) -> Substring { s.prefix { $0 != "(" } }
  #expect(counts(a.errors) == counts(b.errors), "\(note): \(a.errors) / \(b.errors)")
  let x = a.output.split(separator: "\n", omittingEmptySubsequences: false)
  let y = b.output.split(separator: "\n", omittingEmptySubsequences: false)
  #expect(x.count == y.count, "\(note)")
  for (i, (l, r)) in zip(x, y).enumerated() where l != r {
    Issue.record("\(note), output line \(i + 1):\n \(l.prefix(300))\n \(r.prefix(300))")
    break
  }
}

@Suite struct BatchGoldenTests {
  static let rules = fixture("small")
  static let jsonl = fixture("batch/cases.jsonl")
  static let csv = fixture("batch/cases.csv")

  @Test func jsonLinesWithBrokenLinesReportedInPlace() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--key", "id"])
    #expect(r.exit == 2)
    assertSnapshot("batch-cases.jsonl", r.output)
    #expect(r.errors.contains("13 cases: 4 decided, 1 undetermined, 8 failed"), "\(r.errors)")
    // One output line per input record (the blank line is none), in input order.
    let lines = r.output.split(separator: "\n").map { String($0) }
    #expect(lines.count == 13)
    #expect(lines.map { $0.hasPrefix("{\"line\":") }.allSatisfy { $0 })
  }

  @Test func selectGivesFlatObjects() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--key", "id",
                          "--select", "grant.outcome,grant.deadline,grant.status,extras.outcomes,decided"])
    #expect(r.exit == 2)
    assertSnapshot("batch-select.jsonl", r.output)
  }

  @Test func csvInCsvOut() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.csv, "--input", "csv", "--key", "id",
                          "--select", "grant.outcome,grant.deadline,grant.status", "--format", "csv"])
    #expect(r.exit == 2)
    assertSnapshot("batch-csv.csv", r.output)
  }

  @Test func csvInJsonLinesOut() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.csv, "--input", "csv", "--key", "id"])
    assertSnapshot("batch-csv-in.jsonl", r.output)
  }

  @Test func cp932IsAnErrorThatSaysSaveAsUTF8() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", fixture("batch/cp932.csv"), "--input", "csv", "--key", "id",
                          "--select", "grant.outcome"])
    #expect(r.exit == 2)
    #expect(r.output.contains("\"code\":\"input-encoding\""), "\(r.output)")
    #expect(r.output.contains("save it as UTF-8"))
    #expect(r.output.contains("{\"line\":1,\"key\":\"A-1\",\"grant.outcome\":\"ngo\"}"))
  }

  @Test func summaryTable() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--key", "id", "--summary"])
    #expect(r.exit == 2)
    assertSnapshot("batch-summary.txt", r.output)
  }

  @Test func failFastStopsAtTheFirstFailedLine() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--key", "id", "--select", "grant.outcome", "--fail-fast"])
    #expect(r.exit == 2)
    let lines = r.output.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.last?.contains("\"error\"") == true)
  }

  @Test func traceOnlyWhenAsked() throws {
    let plain = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--key", "id"])
    let traced = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--key", "id", "--trace"])
    #expect(!plain.output.contains("\"trace\""))
    #expect(traced.output.contains("\"trace\":[{\"rule\":\"startup\""))
  }

  @Test func exitThreeWhenUndeterminedAndNothingFailed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let f = dir.appendingPathComponent("a.jsonl").path
    try writeText(String(Self.contents(Self.jsonl).split(separator: "\n")[1]) + "\n", f)
    #expect(try runBatch(["--rules", Self.rules, "--batch", f, "--key", "id"]).exit == 3)
    try writeText(String(Self.contents(Self.jsonl).split(separator: "\n")[0]) + "\n", f)
    #expect(try runBatch(["--rules", Self.rules, "--batch", f, "--key", "id"]).exit == 0)
  }

  static func contents(_ p: String) -> String { (try? String(contentsOfFile: p, encoding: .utf8)) ?? "" }

  @Test(arguments: [
    (["--batch", "x.jsonl", "a.yaml"], "name no facts files"),
    (["--select", "a.outcome", "a.yaml"], "--select works with --batch"),
    (["--batch", "x.jsonl", "--format", "yaml"], "not yaml"),
    (["--batch", "x.jsonl", "--format", "csv"], "needs --select"),
    (["--format", "jsonl", "a.yaml"], "is for --batch"),
    (["--batch", "x.jsonl", "--jobs", "0"], "--jobs must be"),
  ])
  func usageErrors(args: [String], message: String) throws {
    do {
      _ = try EvalCommand.parse(args)
      Issue.record("\(args) parsed")
    } catch {
      #expect(EvalCommand.fullMessage(for: error).contains(message), "\(EvalCommand.fullMessage(for: error))")
      #expect(EvalCommand.exitCode(for: error).rawValue == 64)
    }
  }

  @Test func unknownSelectPathIsAUsageError() throws {
    let r = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--select", "grant.outcom"])
    #expect(r.exit == 64)
    #expect(r.errors.contains("did you mean `outcome`?"), "\(r.errors)")
    let d = try runBatch(["--rules", Self.rules, "--batch", Self.jsonl, "--select", "grnat.outcome"])
    #expect(d.exit == 64)
    #expect(d.errors.contains("did you mean `grant`?"), "\(d.errors)")
  }
}

/// `eval --batch` gives, line for line, what single-case `eval --format json --no-trace` gives, for
/// every case of the ISMAP suite, at one job and at two.
@Suite struct BatchEqualsSingleEvalTests {
  /// Every suite case (without `set:`) as a JSON object with dotted names, in the file's order.
  static func suiteCases() throws -> [String] {
    let dir = packageRoot + "/Tests/ismap"
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
    let provider = try RuleSetProvider(options: try RulesOptions.parse([]), limits: LoadLimits())
    var lines: [String] = []
    for f in files {
      let path = dir + "/" + f
      let doc = try YAMLParser.parse(Array(try String(contentsOfFile: path, encoding: .utf8).utf8), path: path)
      for c in doc.root?["cases"]?.sequence ?? [] where c["set"] == nil {
        guard let asOfText = c["as_of"]?.scalar?.value, let asOf = try? CalendarDateParse(asOfText),
          let factsNode = c["facts"] else { continue }
        let facts = try FactsDocument.from(doc, path: path, root: factsNode, asOf: asOf)
        let (rs, _) = try provider.ruleSet(on: asOf)
        let bound = try facts.bind(to: rs)
        var out = ByteOutput()
        out.json(.object([("as_of", .string(asOfText))] + bound.given.map { ($0.name, EvaluationJSON.value($0.value)) }))
        lines.append(String(decoding: out.bytes, as: UTF8.self))
      }
    }
    return lines
  }

  static func parse(_ s: Substring) -> NSDictionary {
    (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? NSDictionary ?? [:]
  }

  @Test(arguments: [1, 2])
  func batchEqualsSingleEval(jobs: Int) throws {
    let cases = try Self.suiteCases()
    #expect(cases.count > 100)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-eq-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var files: [String] = []
    for (i, c) in cases.enumerated() {
      let f = dir.appendingPathComponent("case-\(i).json").path
      try writeText(c, f)
      files.append(f)
    }
    let input = dir.appendingPathComponent("all.jsonl").path
    try writeText(cases.joined(separator: "\n") + "\n", input)
    let single = EvalFrontend(command: try EvalCommand.parse(["--format", "json", "--no-trace"]), files: files).run()
    let batch = try runBatch(["--batch", input, "--jobs", String(jobs)])
    #expect(single.errors.isEmpty, "\(single.errors.prefix(500))")
    let expected = (try JSONSerialization.jsonObject(with: Data(single.output.utf8))) as? [NSDictionary] ?? []
    let lines = batch.output.split(separator: "\n")
    #expect(expected.count == cases.count && lines.count == cases.count)
    for (i, (e, l)) in zip(expected, lines).enumerated() {
      let a = e.mutableCopy() as! NSMutableDictionary
      a.removeObject(forKey: "file")
      let b = Self.parse(l).mutableCopy() as! NSMutableDictionary
      #expect(b["line"] as? Int == i + 1)
      b.removeObject(forKey: "line")
      b.removeObject(forKey: "key")
      #expect(a == b, "case \(i + 1): \(cases[i].prefix(300))")
    }
    #expect(batch.exit == single.exit)
  }
}

/// Many facts files on one command line are split off before ArgumentParser (whose positional
/// parsing is quadratic), with the same meaning.
@Suite struct CommandLineSplitTests {
  @Test func splitKeepsOptionsAndTheirValues() {
    let files = (0..<100).map { "case\($0).yaml" }
    let args = ["eval", "--rules", "r", "--format", "json", "--set", "a=b", "--no-trace", "--as-of=2024-01-01"]
      + files[0..<50] + ["--output", "o.json"] + files[50...] + ["--", "-odd.yaml"]
    let (kept, split) = CommandLineSplit.split(args)
    #expect(kept == ["eval", "--rules", "r", "--format", "json", "--set", "a=b", "--no-trace", "--as-of=2024-01-01",
                     "--output", "o.json"])
    #expect(split == files + ["-odd.yaml"])
  }

  @Test func shortCommandLinesAreLeftAlone() {
    let args = ["eval", "--rules", "r", "a.yaml"]
    #expect(CommandLineSplit.split(args).arguments == args)
  }

  @Test func everyValueOptionIsKnown() {
    let v = CommandLineSplit.valueOptions(EvalCommand.self)
    for o in ["--rules", "--series", "--set", "--as-of", "--format", "--output", "--max-depth", "--batch", "--select", "--jobs"] {
      #expect(v.contains(o), "\(o)")
    }
    #expect(!v.contains("--no-trace") && !v.contains("--explain"))
  }
}

func CalendarDateParse(_ s: String) throws -> CalendarDate { try CalendarDate.parse(s) }

func writeText(_ s: String, _ path: String) throws { try s.write(toFile: path, atomically: false, encoding: .utf8) }
