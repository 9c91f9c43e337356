#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

// The bad-input corpus (Tests/BadInput, issue 5): every broken rule or facts file must give its
// documented error — code, file:line:column, exit code — from the real binary, in bounded time
// and memory, with no crash. Files too large or too odd for git are generated into a temp folder.
//
// Committed cases start with `# expect: code=CODE at=LINE:COL eval=N [check=N]` (after a BOM if
// the file has one); `code=-` marks input that must be accepted (e.g. a fuzz find on valid input).
// Rule files run as `eval --rules FILE --as-of 2024-07-01 GOOD-FACTS` and
// `check FILE`; facts files as `eval --rules Fixtures/small --as-of 2024-07-01 FILE`.

/// Per-run bounds: CPU time (the child is killed past it) and peak resident memory. CPU time, not
/// wall time, so a busy machine does not pass for a hang; a child that blocks without using the CPU
/// is still killed after `runSeconds × 6` of wall time.
let runSeconds = 10.0
let maxRSSMegabytes = Int(ProcessInfo.processInfo.environment["BADINPUT_MAX_RSS_MB"] ?? "") ?? 512

/// The ismap-rules binary built next to this test bundle (same build folder, same configuration).
let binaryPath: String? = {
  var candidates: [String] = []
  if let env = ProcessInfo.processInfo.environment["ISMAP_RULES_BIN"] { candidates.append(env) }
  if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    // …/debug/ismap-rulesPackageTests.xctest → …/debug/ismap-rules
    candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("ismap-rules").path)
  }
  candidates.append(packageRoot + "/.build/debug/ismap-rules")
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

struct RunResult {
  var exit: Int32 = -1
  var signal: Int32 = 0
  var stdout = ""
  var stderr = ""
  var seconds = 0.0
  var maxRSSKilobytes = 0
  var timedOut = false
  var all: String { stdout + stderr }
}

/// The child's peak resident memory so far (VmHWM). Sampled while it runs: wait4's ru_maxrss is
/// no use here, as Linux counts the spawning test process's own memory (large under ASan) in it.
func peakRSSKilobytes(_ pid: pid_t) -> Int {
  guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
    let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
  else { return 0 }
  return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

/// The child's user + system CPU time so far, in seconds (fields 14 and 15 of /proc/PID/stat).
func cpuSeconds(_ pid: pid_t) -> Double {
  guard let s = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
    let close = s.lastIndex(of: ")")
  else { return 0 }
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  let fields = s[s.index(after: close)...].split(separator: " ")
  guard fields.count > 12, let u = Double(fields[11]), let k = Double(fields[12]) else { return 0 }
  return (u + k) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Runs the binary with `args`, stdout/stderr to temp files; kills it past `runSeconds` of CPU;
/// samples its peak memory every 2 ms.
func runBinary(_ args: [String], stdin: String? = nil) throws -> RunResult {
  guard let bin = binaryPath else { throw CancellationError() }
  let dir = NSTemporaryDirectory() + "badinput-run-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let out = dir + "/out", err = dir + "/err", input = dir + "/in"
  _ = FileManager.default.createFile(atPath: input, contents: Data((stdin ?? "").utf8))
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  let argv = ([bin] + args).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var env = ProcessInfo.processInfo.environment
  env["NO_COLOR"] = "1"
  let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { envp.forEach { free($0) } }
  var pid: pid_t = 0
  let started = Date()
  let rc = posix_spawn(&pid, bin, &actions, nil, argv, envp)
  guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
  var result = RunResult()
  var status: Int32 = 0
  var usage = rusage()
  while true {
    result.maxRSSKilobytes = max(result.maxRSSKilobytes, peakRSSKilobytes(pid))
    let w = wait4(pid, &status, WNOHANG, &usage)
    if w == pid { break }
    if w < 0 && errno != EINTR { break }
    if cpuSeconds(pid) > runSeconds || Date().timeIntervalSince(started) > runSeconds * 6, !result.timedOut {
      result.timedOut = true
      kill(pid, SIGKILL)
    }
    usleep(2_000)
  }
  result.seconds = Date().timeIntervalSince(started)
  if status & 0x7f == 0 { result.exit = (status >> 8) & 0xff } else { result.signal = status & 0x7f }
  result.stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? String(decoding: (FileManager.default.contents(atPath: out) ?? Data()), as: UTF8.self)
  result.stderr = String(decoding: (FileManager.default.contents(atPath: err) ?? Data()), as: UTF8.self)
  return result
}

/// What a case must produce.
struct Expectation: CustomStringConvertible {
  var code: String
  var at: String  // "LINE:COL"
  var eval: Int32
  var check: Int32?

  init?(annotation line: Substring) {
    guard let r = line.range(of: "# expect:") else { return nil }
    var f: [String: String] = [:]
    for part in line[r.upperBound...].split(separator: " ") {
      let kv = part.split(separator: "=", maxSplits: 1)
      if kv.count == 2 { f[String(kv[0])] = String(kv[1]) }
    }
    guard let code = f["code"], let at = f["at"], let e = f["eval"].flatMap({ Int32($0) }) else { return nil }
    self.init(code: code, at: at, eval: e, check: f["check"].flatMap { Int32($0) })
  }

  init(code: String, at: String, eval: Int32, check: Int32? = nil) {
    self.code = code
    self.at = at
    self.eval = eval
    self.check = check
  }

  var description: String { "code=\(code) at=\(at) eval=\(eval) check=\(check.map(String.init) ?? "-")" }
}

let goodFacts = fixture("small-facts/young-company.yaml")
let smallRules = fixture("small")

/// Asserts bounds, no crash, the exit code, and `path:at: error[code]` in the output.
func expectRun(_ r: RunResult, exit: Int32, path: String, _ e: Expectation, _ what: String,
               sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(!r.timedOut, "\(what): over \(runSeconds) s of CPU or \(runSeconds * 6) s in all (killed)", sourceLocation: sourceLocation)
  #expect(r.signal == 0, "\(what): killed by signal \(r.signal)\n\(r.stderr.prefix(2000))", sourceLocation: sourceLocation)
  #expect(r.maxRSSKilobytes / 1024 <= maxRSSMegabytes,
          "\(what): used \(r.maxRSSKilobytes / 1024) MB, over \(maxRSSMegabytes) MB", sourceLocation: sourceLocation)
  for bad in ["Fatal error", "Stack dump", "SIGSEGV", "Backtrace", "Program crashed", "AddressSanitizer"] {
    #expect(!r.all.contains(bad), "\(what): output mentions `\(bad)`", sourceLocation: sourceLocation)
  }
  #expect(!r.all.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" },
          "\(what): a control character reached the terminal", sourceLocation: sourceLocation)
  #expect(r.exit == exit, "\(what): exit \(r.exit), expected \(exit)\n\(r.all.prefix(1500))", sourceLocation: sourceLocation)
  if e.code == "-" {  // a case that must simply work (e.g. a fuzz find on valid input)
    #expect(!r.all.contains(": error["), "\(what): unexpected error\n\(r.all.prefix(1500))", sourceLocation: sourceLocation)
    return
  }
  let needle = "\(path):\(e.at): error[\(e.code)]"
  #expect(r.all.contains(needle), "\(what): no `\(needle)` in\n\(r.all.prefix(1500))", sourceLocation: sourceLocation)
}

func runRuleCase(_ path: String, _ e: Expectation, extra: [String] = []) throws {
  let ev = try runBinary(["eval"] + extra + ["--rules", path, "--as-of", "2024-07-01", goodFacts])
  expectRun(ev, exit: e.eval, path: path, e, "eval --rules \(path)")
  if let c = e.check {
    let ch = try runBinary(["check"] + extra + [path])
    expectRun(ch, exit: c, path: path, e, "check \(path)")
  }
}

func runFactsCase(_ path: String, _ e: Expectation, extra: [String] = []) throws {
  let ev = try runBinary(["eval"] + extra + ["--rules", smallRules, "--as-of", "2024-07-01", path])
  expectRun(ev, exit: e.eval, path: path, e, "eval \(path)")
}

enum Corpus {
  static let root = packageRoot + "/Tests/BadInput"

  static func files(_ kind: String) -> [String] {
    let dir = root + "/" + kind
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
  }

  static func expectation(_ path: String) -> Expectation? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let text = String(decoding: data.prefix(400), as: UTF8.self)
    let first = text.drop(while: { $0 == "\u{FEFF}" }).prefix(while: { $0 != "\n" })
    return Expectation(annotation: first)
  }
}

/// A case made at run time: `make` writes it under `dir` and returns the path to pass.
struct GeneratedCase: CustomTestStringConvertible, Sendable {
  enum Kind { case rules, facts }
  let name: String
  let kind: Kind
  let code: String
  let at: String
  let eval: Int32
  let check: Int32?
  var extra: [String] = []
  let make: @Sendable (String) throws -> String
  var testDescription: String { "\(kind == .rules ? "rules" : "facts")/\(name)" }
}

func write(_ dir: String, _ name: String, _ bytes: [UInt8]) throws -> String {
  let p = dir + "/" + name
  try Data(bytes).write(to: URL(fileURLWithPath: p))
  return p
}

let smallRulesText = (try? String(contentsOfFile: fixture("small/rules.yaml"), encoding: .utf8)) ?? ""

func rulesWith(_ old: String, _ new: String) -> [UInt8] {
  Array(smallRulesText.replacingOccurrences(of: old, with: new).utf8)
}

let whenCost = "        when: project.cost > 1000\n"

let generatedCases: [GeneratedCase] = [
  // Empty files.
  .init(name: "empty-0-bytes", kind: .facts, code: "empty-file", at: "1:1", eval: 2, check: nil) {
    try write($0, "empty.yaml", [])
  },
  .init(name: "empty-0-bytes", kind: .rules, code: "empty-file", at: "1:1", eval: 2, check: 1) {
    try write($0, "empty.yaml", [])
  },
  // NUL bytes and invalid UTF-8.
  .init(name: "nul-byte", kind: .facts, code: "yaml-encoding", at: "2:23", eval: 2, check: nil) {
    try write($0, "nul.yaml", Array("as_of: 2024-07-01\napplicant: {kind: comp".utf8) + [0] + Array("any}\n".utf8))
  },
  .init(name: "nul-byte", kind: .rules, code: "yaml-encoding", at: "3:13", eval: 2, check: 1) {
    try write($0, "nul.yaml", rulesWith("series: grants", "series: gr\u{0}ants"))
  },
  .init(name: "invalid-utf8", kind: .facts, code: "yaml-encoding", at: "2:25", eval: 2, check: nil) {
    try write($0, "bad.yaml", Array("as_of: 2024-07-01\napplicant: {kind: \"comp".utf8) + [0xC3, 0x28] + Array("any\"}\n".utf8))
  },
  .init(name: "invalid-utf8", kind: .rules, code: "yaml-encoding", at: "3:14", eval: 2, check: 1) {
    var b = rulesWith("series: grants", "series: grXXants")
    let i = b.firstIndex(of: UInt8(ascii: "X"))!
    b[i] = 0xE3
    b[i + 1] = 0x81
    return try write($0, "bad.yaml", b)
  },
  .init(name: "bom-then-invalid-utf8", kind: .facts, code: "yaml-encoding", at: "2:1", eval: 2, check: nil) {
    try write($0, "bom.yaml", [0xEF, 0xBB, 0xBF] + Array("as_of: 2024-07-01\n".utf8) + [0xFF, 0xFE, 0x0A])
  },
  // 10,000-deep nesting, flow and block.
  .init(name: "nesting-10k-flow-seq", kind: .facts, code: "limit-depth", at: "2:67", eval: 2, check: nil) {
    try write($0, "deep.yaml", Array(("as_of: 2024-07-01\nx: " + String(repeating: "[", count: 10_000)
      + String(repeating: "]", count: 10_000) + "\n").utf8))
  },
  .init(name: "nesting-10k-flow-map", kind: .rules, code: "limit-depth", at: "1:256", eval: 2, check: 1) {
    try write($0, "deep.yaml", Array(("x: " + String(repeating: "{a: ", count: 10_000) + "1"
      + String(repeating: "}", count: 10_000) + "\n").utf8))
  },
  .init(name: "nesting-10k-block-seq", kind: .facts, code: "limit-depth", at: "1:129", eval: 2, check: nil) {
    try write($0, "deep.yaml", Array((String(repeating: "- ", count: 10_000) + "x\n").utf8))
  },
  .init(name: "nesting-10k-block-seq", kind: .rules, code: "limit-depth", at: "1:129", eval: 2, check: 1) {
    try write($0, "deep.yaml", Array((String(repeating: "- ", count: 10_000) + "x\n").utf8))
  },
  .init(name: "nesting-10k-block-map", kind: .facts, code: "limit-depth", at: "65:65", eval: 2, check: nil,
        extra: ["--max-file-bytes", "60000000"]) { dir in
    // Each level indented one more space: 50 MB of text for 10,000 levels.
    var s = ""
    s.reserveCapacity(50_100_000)
    for i in 0..<10_000 { s += String(repeating: " ", count: i) + "a:\n" }
    return try write(dir, "deep.yaml", Array(s.utf8))
  },
  // A 100 MB file.
  .init(name: "file-100mb", kind: .facts, code: "limit-file-size", at: "1:1", eval: 2, check: nil) { dir in
    let p = dir + "/huge.yaml"
    _ = FileManager.default.createFile(atPath: p, contents: nil)
    let h = try FileHandle(forWritingTo: URL(fileURLWithPath: p))
    let line = Data(String(repeating: "k: value\n", count: 100_000).utf8)
    for _ in 0..<(100 << 20) / line.count + 1 { h.write(line) }
    try h.close()
    return p
  },
  .init(name: "file-100mb", kind: .rules, code: "limit-file-size", at: "1:1", eval: 2, check: 2) { dir in
    let p = dir + "/huge.yaml"
    _ = FileManager.default.createFile(atPath: p, contents: nil)
    truncate(p, 100 << 20)
    return p
  },
  // Expressions: 10,000 nested parentheses (too long by default; too deep when the length is allowed).
  .init(name: "expr-10k-parens", kind: .rules, code: "expr-syntax", at: "55:10016", eval: 2, check: 1) {
    try write($0, "parens.yaml", rulesWith(whenCost, "        when: \"" + String(repeating: "(", count: 10_000) + "true"
      + String(repeating: ")", count: 10_000) + "\"\n"))
  },
  .init(name: "expr-10k-parens-long-allowed", kind: .rules, code: "expr-syntax", at: "55:116", eval: 2, check: 1,
        extra: ["--max-expr-length", "100000"]) {
    try write($0, "parens.yaml", rulesWith(whenCost, "        when: \"" + String(repeating: "(", count: 10_000) + "true"
      + String(repeating: ")", count: 10_000) + "\"\n"))
  },
  .init(name: "expr-10k-operator-chain", kind: .rules, code: "expr-syntax", at: "55:1614", eval: 2, check: 1,
        extra: ["--max-expr-length", "100000"]) {
    try write($0, "chain.yaml", rulesWith(whenCost, "        when: \"" + Array(repeating: "1", count: 10_000).joined(separator: " + ")
      + " > 0\"\n"))
  },
  .init(name: "string-over-1mib", kind: .rules, code: "limit-string-length", at: "4:24", eval: 2, check: 1) {
    try write($0, "long.yaml", rulesWith("  title: {ja: 補助金, en: Grants}\n",
                                         "  title: {ja: 補助金, en: \"" + String(repeating: "x", count: (1 << 20) + 1) + "\"}\n"))
  },
  // Long chains through definitions and decisions.
  .init(name: "definition-chain-3000", kind: .rules, code: "limit-depth", at: "102:8", eval: 2, check: 1) { dir in
    var s = "ruleset: {id: x, series: s, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [k]}\ndefinitions:\n"
    for i in 0..<3_000 { s += "  d\(i): d\(i + 1)\n" }
    s += "  d3000: true\ndecisions:\n  k:\n    rules:\n      - {id: a, when: d0}\n"
    return try write(dir, "defs.yaml", Array(s.utf8))
  },
  .init(name: "definition-chain-heavy", kind: .rules, code: "limit-depth", at: "82:8", eval: 2, check: 1) { dir in
    // 90 definitions deep, each 5 levels high: 450 levels of expression once expanded.
    var s = "ruleset: {id: x, series: s, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [k]}\ndefinitions:\n"
    for i in 0..<90 { s += "  d\(i): d\(i + 1) and true and true and true and true\n" }
    s += "  d90: true\ndecisions:\n  k:\n    rules:\n      - {id: a, when: d0}\n"
    return try write(dir, "defs.yaml", Array(s.utf8))
  },
  // Missing files, symlink loops, folders.
  .init(name: "missing-file", kind: .facts, code: "unreadable-file", at: "1:1", eval: 2, check: nil) { $0 + "/no-such.yaml" },
  .init(name: "missing-file", kind: .rules, code: "unreadable-file", at: "1:1", eval: 2, check: 2) { $0 + "/no-such.yaml" },
  .init(name: "symlink-loop", kind: .facts, code: "unreadable-file", at: "1:1", eval: 2, check: nil) { dir in
    symlink(dir + "/b.yaml", dir + "/a.yaml")
    symlink(dir + "/a.yaml", dir + "/b.yaml")
    return dir + "/a.yaml"
  },
  .init(name: "symlink-loop", kind: .rules, code: "unreadable-file", at: "1:1", eval: 2, check: 2) { dir in
    symlink(dir + "/b.yaml", dir + "/a.yaml")
    symlink(dir + "/a.yaml", dir + "/b.yaml")
    return dir + "/a.yaml"
  },
  .init(name: "folder-with-no-rule-files", kind: .rules, code: "no-ruleset", at: "1:1", eval: 2, check: 2) { dir in
    try FileManager.default.createDirectory(atPath: dir + "/empty-set", withIntermediateDirectories: true)
    _ = try write(dir, "empty-set/README.txt", Array("no rules here\n".utf8))
    return dir + "/empty-set"
  },
  .init(name: "facts-path-is-a-folder", kind: .facts, code: "unreadable-file", at: "1:1", eval: 2, check: nil) { $0 },
]

@Suite struct BadInputTests {
  static let ruleFiles = Corpus.files("rules")
  static let factsFiles = Corpus.files("facts")

  @Test func corpusHasAtLeastSixtyCases() {
    #expect(Self.ruleFiles.count + Self.factsFiles.count + generatedCases.count >= 60)
    for f in Self.ruleFiles + Self.factsFiles {
      #expect(Corpus.expectation(f) != nil, "\(f) has no `# expect:` line")
    }
  }

  @Test func binaryIsBuilt() {
    #expect(binaryPath != nil, "no ismap-rules binary next to the tests; run `swift build` first")
  }

  @Test(arguments: ruleFiles) func brokenRuleFile(_ path: String) throws {
    guard binaryPath != nil, let e = Corpus.expectation(path) else { return }
    try runRuleCase(path, e)
  }

  @Test(arguments: factsFiles) func brokenFactsFile(_ path: String) throws {
    guard binaryPath != nil, let e = Corpus.expectation(path) else { return }
    try runFactsCase(path, e)
  }

  @Test(arguments: generatedCases) func generated(_ c: GeneratedCase) throws {
    guard binaryPath != nil else { return }
    let dir = NSTemporaryDirectory() + "badinput-gen-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = try c.make(dir)
    let e = Expectation(code: c.code, at: c.at, eval: c.eval, check: c.check)
    if c.kind == .rules { try runRuleCase(path, e, extra: c.extra) } else { try runFactsCase(path, e, extra: c.extra) }
  }

  /// Root ignores file permissions, so an unreadable file cannot be made; the test says so.
  @Test(.enabled(if: geteuid() != 0, "running as root, which ignores file permissions: unreadable-file case skipped"))
  func unreadableFile() throws {
    guard binaryPath != nil else { return }
    let dir = NSTemporaryDirectory() + "badinput-perm-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let facts = try write(dir, "facts.yaml", Array("as_of: 2024-07-01\n".utf8))
    chmod(facts, 0)
    let e = Expectation(code: "unreadable-file", at: "1:1", eval: 2)
    try runFactsCase(facts, e)
    let rules = try write(dir, "rules.yaml", Array(smallRulesText.utf8))
    chmod(rules, 0)
    try runRuleCase(rules, Expectation(code: "unreadable-file", at: "1:1", eval: 2, check: 2))
  }

  /// Escape sequences written in YAML (`"\e[31m"`) must not reach the terminal raw.
  @Test func escapeSequencesInValuesAreNotPrinted() throws {
    guard binaryPath != nil else { return }
    let dir = NSTemporaryDirectory() + "badinput-esc-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let p = try write(dir, "esc.yaml", Array("as_of: 2024-07-01\napplicant: {kind: \"\\e]0;owned\\a\\e[31mred\"}\n".utf8))
    let r = try runBinary(["eval", "--rules", smallRules, p])
    expectRun(r, exit: 2, path: p, Expectation(code: "unknown-value", at: "2:19", eval: 2), "eval \(p)")
  }
}
