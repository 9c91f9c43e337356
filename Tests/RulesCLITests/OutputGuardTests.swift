import ArgumentParser
import Foundation
import Testing
@testable import RulesCLI

/// `--output` never replaces a file the command read (by file identity: another spelling of the
/// path, a hard link or a symlink is the same file), and numeric options reject NaN and infinities.
@Suite struct OutputGuardTests {
  /// A scratch folder holding copies of the small fixtures, removed afterwards.
  final class Scratch {
    let dir = NSTemporaryDirectory() + "output-guard-\(UUID().uuidString)"
    init() throws {
      try FileManager.default.createDirectory(atPath: dir + "/rules", withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: dir + "/new", withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: fixture("small/rules.yaml"), toPath: dir + "/rules/rules.yaml")
      try FileManager.default.copyItem(atPath: fixture("small/rules.yaml"), toPath: dir + "/new/rules.yaml")
      try FileManager.default.copyItem(atPath: fixture("small-facts/young-company.yaml"), toPath: dir + "/facts.yaml")
      try FileManager.default.copyItem(atPath: fixture("diff-cases/tests.yaml"), toPath: dir + "/cases.yaml")
    }
    deinit { try? FileManager.default.removeItem(atPath: dir) }
    func bytes(_ p: String) -> Data? { FileManager.default.contents(atPath: dir + "/" + p) }
  }

  /// Runs `run` and asserts it refused, exit 2, and left `target` as it was.
  func expectRefused(_ s: Scratch, _ target: String, _ run: () throws -> CommandResult,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = s.bytes(target)
    let r = try run()
    #expect(r.exit == 2, "\(r.output)\(r.errors)", sourceLocation: sourceLocation)
    #expect(r.errors.contains("would overwrite the input"), "\(r.errors)", sourceLocation: sourceLocation)
    #expect(s.bytes(target) == before, "\(target) was replaced", sourceLocation: sourceLocation)
  }

  @Test func evalNeverReplacesAFactsFileOrARuleFile() throws {
    let s = try Scratch()
    func eval(_ args: [String]) throws -> CommandResult { EvalFrontend(command: try EvalCommand.parse(args)).run() }
    let facts = s.dir + "/facts.yaml", rules = s.dir + "/rules"
    try expectRefused(s, "facts.yaml") { try eval(["--rules", rules, facts, "--output", facts]) }
    // A rule file under the --rules folder, spelt another way.
    try expectRefused(s, "rules/rules.yaml") { try eval(["--rules", rules, facts, "--output", s.dir + "/new/../rules/./rules.yaml"]) }
    // A symlink to an input, and a hard link.
    symlink(facts, s.dir + "/link.yaml")
    try expectRefused(s, "facts.yaml") { try eval(["--rules", rules, facts, "--output", s.dir + "/link.yaml"]) }
    link(s.dir + "/rules/rules.yaml", s.dir + "/hard.yaml")
    try expectRefused(s, "rules/rules.yaml") { try eval(["--rules", rules, facts, "--output", s.dir + "/hard.yaml"]) }
    // Another file is written.
    let ok = try eval(["--rules", rules, facts, "--output", s.dir + "/out.txt"])
    #expect(ok.exit == 0, "\(ok.errors)")
    #expect(s.bytes("out.txt").map { !$0.isEmpty } == true)
  }

  @Test func evalBatchNeverReplacesItsInputOrARuleFile() throws {
    let s = try Scratch()
    let input = s.dir + "/cases.jsonl", rules = s.dir + "/rules"
    try Data("{\"as_of\": \"2024-07-01\"}\n".utf8).write(to: URL(fileURLWithPath: input))
    func batch(_ out: String) throws -> CommandResult {
      BatchRunner(command: try EvalCommand.parse(["--rules", rules, "--batch", input, "--output", out]), outputFD: nil).run()
    }
    try expectRefused(s, "cases.jsonl") { try batch(input) }
    try expectRefused(s, "rules/rules.yaml") { try batch(rules + "/rules.yaml") }
  }

  /// `ask` saves its answers back to its facts file by design; never over a rule file under --rules.
  @Test func askNeverReplacesARuleFile() throws {
    let s = try Scratch()
    let before = s.bytes("rules/rules.yaml")
    let r = try runAsk(["--rules", s.dir + "/rules", "--as-of", "2024-07-01", "--output", s.dir + "/rules/./rules.yaml"],
                       answers: [])
    #expect(r.exit == 2, "\(r.output)\(r.errors)")
    #expect(r.errors.contains("would overwrite the rules"), "\(r.errors)")
    #expect(s.bytes("rules/rules.yaml") == before)
  }

  @Test func diffNeverReplacesARuleFileOfEitherSideOrACasesFile() throws {
    let s = try Scratch()
    func diff(_ args: [String]) throws -> CommandResult { try runDiff(args) }
    let old = s.dir + "/rules", new = s.dir + "/new", cases = s.dir + "/cases.yaml"
    try expectRefused(s, "rules/rules.yaml") { try diff([old, new, "--output", old + "/rules.yaml"]) }
    try expectRefused(s, "new/rules.yaml") { try diff([old, new, "--output", new + "/rules.yaml"]) }
    try expectRefused(s, "cases.yaml") { try diff([old, new, "--cases", cases, "--output", cases]) }
    // A file found inside a --cases folder.
    try FileManager.default.createDirectory(atPath: s.dir + "/case-dir", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: cases, toPath: s.dir + "/case-dir/t.yaml")
    try expectRefused(s, "case-dir/t.yaml") { try diff([old, new, "--cases", s.dir + "/case-dir", "--output", s.dir + "/case-dir/t.yaml"]) }
    let ok = try diff([old, new, "--cases", cases, "--output", s.dir + "/report.txt"])
    #expect(ok.exit == 0, "\(ok.errors)")
    #expect(s.bytes("report.txt").map { !$0.isEmpty } == true)
  }

  /// `test` and `check` write only to standard output: they take no `--output` (a usage error,
  /// exit 64), so they can replace nothing.
  @Test func testAndCheckHaveNoOutputOption() throws {
    let s = try Scratch()
    let before = s.bytes("cases.yaml")
    #expect(throws: (any Error).self) { try TestCommand.parse(["--rules", s.dir + "/rules", s.dir + "/cases.yaml", "--output", s.dir + "/cases.yaml"]) }
    #expect(throws: (any Error).self) { try CheckCommand.parse([s.dir + "/rules", "--output", s.dir + "/rules/rules.yaml"]) }
    do {
      _ = try CheckCommand.parse([s.dir + "/rules", "--output", s.dir + "/rules/rules.yaml"])
    } catch {
      #expect(CheckCommand.exitCode(for: error).rawValue == 64)
    }
    #expect(s.bytes("cases.yaml") == before)
  }

  @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "-1", "100.5"])
  func minCoverageMustBeAPercentage(_ value: String) throws {
    do {
      _ = try TestCommand.parse(["--min-coverage", value, "t.yaml"])
      Issue.record("--min-coverage \(value) was accepted")
    } catch {
      #expect(TestCommand.exitCode(for: error).rawValue == 64, "\(value)")
      #expect(TestCommand.message(for: error).contains("--min-coverage"), "\(TestCommand.message(for: error))")
    }
  }

  @Test func minCoverageAcceptsAPercentage() throws {
    #expect(try TestCommand.parse(["--min-coverage", "100", "t.yaml"]).minCoverage == 100)
    #expect(try TestCommand.parse(["--min-coverage", "0", "t.yaml"]).minCoverage == 0)
  }
}
