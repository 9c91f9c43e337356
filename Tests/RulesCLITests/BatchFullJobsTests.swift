import Foundation
import RulesEval
import RulesModel
import RulesReport
import Testing
@testable import RulesCLI

/// The full path (whole JSON lines, `--trace`, `--summary`) evaluates with each worker's own copy of
/// the rule sets; its output must not depend on `--jobs`: byte for byte, in input order.
@Suite struct BatchFullJobsTests {
  static func lines() throws -> String {
    try BatchLeanTests.generated().joined(separator: "\n") + "\n"
  }

  static func sameForEveryJobs(_ args: [String], _ note: String) throws {
    let one = try runBatch(args + ["--jobs", "1"])
    for jobs in ["2", "3"] {
      expectSameBatch(one, try runBatch(args + ["--jobs", jobs]), "\(note), jobs 1 against \(jobs)")
    }
  }

  @Test func fullOutputIsTheSameForEveryJobs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-full-jobs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let jsonl = dir.appendingPathComponent("cases.jsonl").path
    try writeText(try Self.lines(), jsonl)
    try Self.sameForEveryJobs(["--batch", jsonl, "--key", "id"], "full")
    try Self.sameForEveryJobs(["--batch", jsonl, "--key", "id", "--trace"], "--trace")
    try Self.sameForEveryJobs(["--batch", jsonl, "--summary"], "--summary")
    try Self.sameForEveryJobs(["--batch", jsonl, "--key", "id", "--set", "ismap_start=2023-04-01"], "--set")
    try Self.sameForEveryJobs(["--batch", jsonl, "--key", "id", "--select", "interim_measure.outcome,missing_facts,run_digest"],
                              "--select through the full path")
  }

  @Test func eachWorkerEvaluatesWithItsOwnRuleSet() throws {
    let provider = try RuleSetProvider(options: try RulesOptions.parse([]), limits: LoadLimits())
    let entry = provider.catalog.entries[0]
    let rs = try provider.load(entry)
    let shared = BatchVersion(ruleSet: rs, digest: Digest.of(entry.files), overrides: [], select: nil, reload: {
      try? RuleSetLoader.load(entry.files, location: entry.location).get()
    })
    let own = BatchFullPath.copy(shared)
    #expect(own !== shared)
    #expect(own.digest == shared.digest)
    #expect(own.ruleSet.decisions.map(\.name) == rs.decisions.map(\.name))
    // Nothing the output reads is the same object: rules, programs, fact names' storage.
    #expect(own.ruleSet.decisions[0].rules[0] !== rs.decisions[0].rules[0])
    #expect(Program.compiled(own.ruleSet) !== Program.compiled(rs))
    let long = rs.facts.map(\.name).first { $0.utf8.count > 15 }!
    let ownLong = own.ruleSet.facts.map(\.name).first { $0 == long }!
    #expect(long.utf8.withContiguousStorageIfAvailable { $0.baseAddress } != ownLong.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
    // Without a way to load again, the shared version is used as it is.
    let plain = BatchVersion(ruleSet: rs, digest: "d", overrides: [], select: nil)
    #expect(BatchFullPath.copy(plain) === plain)
  }

  /// Lines written as they go equal the `JSON` tree rendered, byte for byte, with and without traces,
  /// on every suite case and its generated variants (unknowns, nulls, boundary dates), with overrides.
  @Test func writtenLinesEqualTheRenderedTree() throws {
    let provider = try RuleSetProvider(rules: nil, series: nil, overrides: ["ismap_start=2023-04-01"], limits: LoadLimits())
    var compared = 0
    for (n, text) in try BatchLeanTests.generated().enumerated() {
      guard let doc = try? FactsDocument.parse(Array(text.utf8), path: "case.json"), let day = doc.asOf,
            let (rs, files) = try? provider.ruleSet(on: day), let facts = try? doc.bind(to: rs, ignoringUndeclared: true)
      else { continue }
      let e = try Program.evaluate(rs, facts: facts, asOf: day, asOfSource: "facts", trace: true)
      let overrides = provider.overridesInForce(rs)
      for trace in [false, true] {
        var a = ByteOutput(), b = ByteOutput()
        let key: JSON = n % 3 == 0 ? .null : n % 3 == 1 ? .string("契約-\(n)") : .number(Double(n) + 0.5)
        BatchLine.full(e, line: n + 1, key: key, digest: Digest.of(files), trace: trace, overrides: overrides, into: &a)
        BatchLine.fullTree(e, line: n + 1, key: key, digest: Digest.of(files), trace: trace, overrides: overrides, into: &b)
        if a.bytes != b.bytes {
          Issue.record("case \(n), trace \(trace):\n written: \(String(decoding: a.bytes, as: UTF8.self).prefix(400))\n tree: \(String(decoding: b.bytes, as: UTF8.self).prefix(400))")
          return
        }
        compared += 1
      }
    }
    #expect(compared > 400)
  }
}
