import Foundation
import Testing
@testable import RulesCLI

func runDiff(_ args: [String], in directory: String? = nil) throws -> DiffFrontend.Result {
  var f = DiffFrontend(command: try DiffCommand.parse(args))
  f.directory = directory
  return f.run()
}

@Suite struct DiffTests {
  static let old = fixture("diff-old")
  static let reformatted = fixture("diff-reformatted")
  static let deadline = fixture("diff-deadline")
  static let renamed = fixture("diff-renamed")
  static let cases = fixture("diff-cases")

  @Test func reorderedReindentedRequotedCopyHasNoChange() throws {
    for format in ["text", "json", "markdown"] {
      let r = try runDiff([Self.old, Self.reformatted, "--format", format])
      #expect(r.exit == 0, "\(format): \(r.output)\(r.errors)")
      #expect(r.errors == "")
    }
    let r = try runDiff([Self.old, Self.reformatted, "--cases", Self.cases, "--explore"])
    #expect(r.exit == 0)
    #expect(r.output.contains("no changes in meaning"))
    #expect(r.output.contains("cases: 0 of 5 decided differently"))
  }

  @Test func oneChangedDeadlineIsExactlyThatChange() throws {
    let r = try runDiff([Self.old, Self.deadline, "--format", "json"])
    #expect(r.exit == 1)
    #expect(r.output.contains("\"added\": 0,\n    \"removed\": 0,\n    \"changed\": 1"))
    let t = try runDiff([Self.old, Self.deadline])
    let changed = t.output.split(separator: "\n").filter { $0.contains("→") || $0.hasPrefix("            ") }
    #expect(t.output.contains("~ rule ngo"))
    // The deadline is compared node by node: just the `then` branch changed.
    #expect(t.output.contains("deadline.then: 2025-03-31 → 2025-09-30"))
    #expect(changed.count == 1, "\(changed)")
    #expect(t.output.hasSuffix("\n1 changed\n"))
  }

  @Test func casesAndExploreNameTheCasesDecidedDifferently() throws {
    let r = try runDiff([Self.old, Self.deadline, "--cases", Self.cases, "--explore"])
    #expect(r.exit == 1)
    #expect(r.output.contains("cases: 2 of 5 decided differently"))
    #expect(r.output.contains("ngo big project, before both deadlines"))
    #expect(r.output.contains("diff-cases/ngo-big.yaml (as of 2025-06-01)"))
    #expect(r.output.contains("grant.status expired → active"))
    #expect(!r.output.contains("startup.yaml"))
    #expect(!r.output.contains("person gets nothing"))
    // With no cases at all, exploring alone finds a fact set decided differently.
    let e = try runDiff([Self.old, Self.deadline, "--explore"])
    #expect(e.output.contains("grant.deadline 2025-03-31 → 2025-09-30"))
    #expect(e.output.contains("applicant.kind: \"ngo\""))
  }

  @Test func asOfOverridesTheCases() throws {
    let r = try runDiff([Self.old, Self.deadline, "--cases", Self.cases + "/ngo-big.yaml", "--as-of", "2024-07-01"])
    #expect(r.output.contains("(as of 2024-07-01)"))
    #expect(!r.output.contains("grant.status"))
  }

  @Test func goldenText() throws {
    let r = try runDiff([Self.old, Self.deadline, "--cases", Self.cases, "--explore"])
    assertSnapshot("diff-deadline.txt", r.output)
  }

  @Test func goldenJSON() throws {
    let r = try runDiff([Self.old, Self.deadline, "--cases", Self.cases, "--explore", "--format", "json"])
    assertSnapshot("diff-deadline.json", r.output)
  }

  @Test func goldenMarkdown() throws {
    let r = try runDiff([Self.old, Self.deadline, "--cases", Self.cases, "--explore", "--format", "markdown"])
    assertSnapshot("diff-deadline.md", r.output)
  }

  /// Rules, an exclusion and a fact renamed and changed: each is "renamed X to Y" with its changes
  /// node by node, never a removal and an addition.
  @Test func goldenRenamed() throws {
    let r = try runDiff([Self.old, Self.renamed])
    #expect(r.exit == 1)
    #expect(!r.output.contains("+ rule") && !r.output.contains("- rule") && !r.output.contains("+ fact"), "\(r.output)")
    assertSnapshot("diff-renamed.txt", r.output)
    assertSnapshot("diff-renamed.md", try runDiff([Self.old, Self.renamed, "--format", "markdown"]).output)
  }

  /// The real example of docs/review.md: the two ISMAP versions.
  @Test func goldenISMAP() throws {
    let r = try runDiff([packageRoot + "/rules/ismap/2020-06-30", packageRoot + "/rules/ismap/2021-07-06"])
    #expect(r.exit == 1, "\(r.errors)")
    assertSnapshot("diff-ismap-2020-06-30-2021-07-06.txt", r.output)
  }

  @Test func errorsExitTwo() throws {
    let missing = try runDiff([Self.old, fixture("diff-no-such-folder")])
    #expect(missing.exit == 2)
    #expect(missing.errors.contains("does not exist"))
    let several = try runDiff([Self.old, packageRoot + "/rules/ismap"])
    #expect(several.exit == 2)
    #expect(several.errors.contains("holds 2 rule sets"))
  }

  // MARK: REV:path through git, in a repository of the test's own (CI's clone may be shallow).

  static func git(_ args: [String], in dir: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-c", "user.name=diff-test", "-c", "user.email=diff-test@example.invalid",
                   "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"] + args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
  }

  static var hasGit: Bool { (try? git(["--version"], in: "/")) == 0 }

  @Test(.enabled(if: DiffTests.hasGit)) func revisionPathsReadThroughGit() throws {
    let dir = NSTemporaryDirectory() + "ismap-diff-git-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    let fm = FileManager.default
    try fm.createDirectory(atPath: dir + "/rules/grants", withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: dir) }
    let file = dir + "/rules/grants/rules.yaml"
    #expect(try Self.git(["init", "-q"], in: dir) == 0)
    try fm.copyItem(atPath: Self.old + "/rules.yaml", toPath: file)
    #expect(try Self.git(["add", "."], in: dir) == 0)
    #expect(try Self.git(["commit", "-q", "-m", "first"], in: dir) == 0)
    try fm.removeItem(atPath: file)
    try fm.copyItem(atPath: Self.deadline + "/rules.yaml", toPath: file)
    #expect(try Self.git(["commit", "-q", "-am", "second"], in: dir) == 0)

    let r = try runDiff(["HEAD~1:rules/grants", "HEAD:rules/grants"], in: dir)
    #expect(r.exit == 1, "\(r.errors)")
    #expect(r.output.contains("old: grants-2024  (HEAD~1:rules/grants)"))
    #expect(r.output.contains("~ rule ngo"))
    #expect(r.output.hasSuffix("\n1 changed\n"))
    // A revision against the working copy; a single file works as well as a folder.
    let w = try runDiff(["HEAD~1:rules/grants/rules.yaml", file], in: dir)
    #expect(w.exit == 1, "\(w.errors)")
    #expect(w.output.contains("2025-09-30"))
    let same = try runDiff(["HEAD:rules/grants", file], in: dir)
    #expect(same.exit == 0, "\(same.errors)")

    let badRev = try runDiff(["HEAD~5:rules/grants", file], in: dir)
    #expect(badRev.exit == 2)
    #expect(badRev.errors.contains("cannot read `HEAD~5:rules/grants`"))
    let badPath = try runDiff(["HEAD:rules/nothing", file], in: dir)
    #expect(badPath.exit == 2)
    #expect(badPath.errors.contains("holds no rule files"))
  }
}
