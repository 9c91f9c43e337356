import Foundation
import RulesExpr
import RulesModel
import Testing

@testable import RulesCLI

/// Runs `ask` in-process with scripted answers (one per line, echoed as when stdin is not a terminal).
func runAsk(_ args: [String], answers: [String]) throws -> (exit: Int32, output: String, errors: String) {
  var lines = answers[...]
  var out = "", err = ""
  let code = AskFrontend(command: try AskCommand.parse(args), echo: true).run(
    read: { lines.popFirst() }, write: { out += $0 }, error: { err += $0 })
  return (code, out, err)
}

/// A fresh temporary folder for one test.
func scratchFolder() throws -> String {
  let dir = NSTemporaryDirectory() + "ask-test-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

@Suite struct AskTests {
  static let rules = packageRoot + "/rules/ismap"

  /// The multi-year contract case of Tests/ismap/type-1-i.yaml, answered the way an official types:
  /// full-width digits, a choice's number or label, はい/y, era dates, and wrong answers (re-asked).
  static let japaneseAnswers = [
    "１",  // agency.kind: full-width 1 → national_government
    "業務基盤クラウド",  // service.name
    "", "なし", "たぶん", "はい",  // in use at the decision: empty, none and a guess are re-asked
    "申請見込み",  // application.status, by its label
    "y",  // alternative.exists
    "1",  // contract.multi_year
    "令和3年7月32日", "令和３年７月５日",  // contract.signed_on: no 32nd; then full-width era date
    "R6.3.31",  // contract.ends_on
  ]

  @Test func pipedJapaneseTranscript() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let out = dir + "/answers.yaml"
    let r = try runAsk(["--rules", Self.rules, "--as-of", "令和3年8月1日", "--lang", "ja", "--output", out],
                       answers: Self.japaneseAnswers)
    #expect(r.errors == "")
    #expect(r.exit == 0)
    assertSnapshot("ask-ja.txt", r.output.replacingOccurrences(of: dir, with: "<tmp>"))
    let saved = try String(contentsOfFile: out, encoding: .utf8)
    assertSnapshot("ask-ja-answers.yaml", saved)
    // What `ask` saved evaluates as written, to the same answer.
    let e = try runEval(["--rules", Self.rules, "--format", "json", "--no-trace", out])
    #expect(e.exit == 0)
    #expect(e.output.contains("\"outcome\": \"new-1-i\""))
  }

  @Test func inputEndingUndecidedExitsThreeAndSaves() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let out = dir + "/answers.yaml"
    let r = try runAsk(["--rules", Self.rules, "--as-of", "2021-08-01", "--lang", "en", "--output", out],
                       answers: ["1", "", "Cloud One", "?"])
    #expect(r.exit == 3)
    assertSnapshot("ask-en-undecided.txt", r.output.replacingOccurrences(of: dir, with: "<tmp>"))
    let saved = try String(contentsOfFile: out, encoding: .utf8)
    #expect(saved.contains("kind: \"national_government\""))
    #expect(saved.contains("unknown: [service.in_use_or_planned_at_decision]"))
  }

  @Test func resumesFromTheFactsAndSavesBack() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let f = dir + "/case.yaml"
    let first = try runAsk(["--rules", Self.rules, "--as-of", "2021-08-01", "--lang", "en", "--facts", f],
                           answers: ["1", "Cloud One", "?"])
    #expect(first.exit == 3)
    // Resumed: as_of comes from the file, nothing answered is asked again, "don't know" stays out.
    let second = try runAsk(["--rules", Self.rules, "--lang", "en", "--facts", f],
                            answers: ["2", "no"] + Array(repeating: "?", count: 30))
    // The questions come before the decision (which names still-unknown facts as `label [key]` too).
    let asked = second.output.components(separatedBy: ": rule set ").first ?? ""
    #expect(!asked.contains("[agency.kind]"))
    #expect(!asked.contains("[service.in_use_or_planned_at_decision]"))
    let saved = try String(contentsOfFile: f, encoding: .utf8)
    #expect(saved.contains("as_of: 2021-08-01"))
    #expect(saved.contains("name: \"Cloud One\""))
    #expect(saved.contains("status: \"expected\""))
    #expect(saved.contains("exists: false"))
    #expect(second.exit == 0 || saved.contains("unknown: ["))
  }

  @Test func badFactsFileIsAnErrorNotAnInterview() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let f = dir + "/case.yaml"
    try "as_of: 2021-08-01\nagency.knd: other\n".write(toFile: f, atomically: true, encoding: .utf8)
    let r = try runAsk(["--rules", Self.rules, "--lang", "en", "--facts", f], answers: ["1"])
    #expect(r.exit == 2)
    #expect(r.errors.contains("case.yaml:2:1: error[unknown-fact]"))
    #expect(try String(contentsOfFile: f, encoding: .utf8) == "as_of: 2021-08-01\nagency.knd: other\n")
  }

  @Test(arguments: [
    ("bool", "はい", "true"), ("bool", "いいえ", "false"), ("bool", "Y", "true"), ("bool", "ｎ", "false"),
    ("bool", "1", "true"), ("bool", "2", "false"), ("kind", "2", "iaas"), ("kind", "SaaSです", "saas"),
    ("kind", "IAAS", "iaas"), ("kind", "3", "none"), ("kind", "なし", "none"), ("day", "R5.3.31", "2023-03-31"),
    ("day", "令和５年３月３１日", "2023-03-31"), ("day", "なし", "none"), ("n", "１２", "12"), ("n", "2.5", "2.5"),
    ("n", "?", "?"), ("day", "？", "?"), ("span", "1 year", "1 year"),
  ])
  func readsAnswers(_ fact: String, _ typed: String, _ expected: String) throws {
    let f = try Self.fact(fact)
    let reader = AnswerReader(words: AskWords(lang: "ja"))
    let got: String
    switch reader.read(typed, for: f) {
    case .success(.dontKnow): got = "?"
    case .success(.value(let v)): got = v.description
    case .failure(let e): got = "error: " + e.message
    }
    #expect(got == expected)
  }

  @Test(arguments: [("bool", "たぶん"), ("kind", "4"), ("kind", "0"), ("day", "令和元年4月30日"), ("day", "2023-02-29"),
                    ("n", "twelve"), ("bool", ""), ("req", "なし"), ("span", "soon")])
  func rejectsBadAnswers(_ fact: String, _ typed: String) throws {
    let reader = AnswerReader(words: AskWords(lang: "en"))
    guard case .failure(let e) = reader.read(typed, for: try Self.fact(fact)) else {
      Issue.record("accepted `\(typed)` for \(fact)")
      return
    }
    #expect(!e.message.isEmpty)
  }

  static func fact(_ name: String) throws -> FactDecl {
    let yaml = """
      ruleset: {id: t, series: t, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [d]}
      facts:
        bool: bool
        kind:
          type: enum
          optional: true
          values: [{value: saas, label: {ja: SaaSです, en: A SaaS}}, iaas]
        day: {type: date, optional: true}
        req: date
        n: number
        span: duration
      decisions:
        d:
          rules: [{id: r, when: bool}]
      """
    switch RuleSetLoader.load([RuleFile(path: "t.yaml", bytes: Array(yaml.utf8))], location: "t") {
    case .success(let s): return s.facts[s.factIndex[name]!]
    case .failure(let e): throw e
    }
  }
}

/// `ask` end to end: the real binary, in a pseudo-terminal (Fixtures/ask/drive.py answers each prompt
/// as it appears) and with answers piped on standard input.
@Suite struct AskTerminalTests {
  static let rules = packageRoot + "/rules/ismap"

  /// Runs `drive.py ANSWERS ismap-rules ask ARGS…`; the transcript and the exit code.
  func drive(_ answers: String, _ args: [String]) throws -> (exit: Int32, transcript: String) {
    guard let bin = binaryPath else { throw CancellationError() }
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try answers.write(toFile: dir + "/answers.json", atomically: true, encoding: .utf8)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", fixture("ask/drive.py"), dir + "/answers.json", bin, "ask"] + args
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static let answers = """
    {"agency.kind": ["１"], "service.name": ["業務基盤クラウド"], "service.in_use_or_planned_at_decision": ["たぶん", "はい"],
     "application.status": ["申請見込み"], "alternative.exists": ["y"], "alternative.status": ["ISMAP登録済み"],
     "migration.large_impact": ["いいえ"], "service.used_from": ["R2.4.1"], "contract.multi_year": ["1"],
     "contract.signed_on": ["令和3年7月32日", "令和３年７月５日"], "contract.ends_on": ["R6.3.31"]}
    """

  @Test func decidesInAPseudoTerminal() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = try drive(Self.answers, ["--rules", Self.rules, "--as-of", "令和3年8月1日", "--lang", "ja", "--output", dir + "/a.yaml"])
    #expect(r.exit == 0, "\(r.transcript)")
    // The terminal echoed each answer once (ask itself does not echo on a terminal).
    #expect(r.transcript.components(separatedBy: "> 令和３年７月５日\n").count == 2)
    #expect(r.transcript.contains("! 「はい」か「いいえ」"))
    #expect(r.transcript.contains("! 2021年7月は31日までです"))
    #expect(r.transcript.contains("判定が確定しました。"))
    #expect(r.transcript.contains("類型①-ⅰ [new-1-i]  期限 2024-03-31（令和6年3月31日）（有効）"))
    let saved = try String(contentsOfFile: dir + "/a.yaml", encoding: .utf8)
    #expect(saved.contains("signed_on: 2021-07-05") && saved.contains("ends_on: 2024-03-31"))
  }

  @Test func dontKnowInAPseudoTerminalEndsUndecidedAndResumes() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let f = dir + "/case.yaml"
    // Without the service's name, nothing else can say whether it is on the ISMAP list.
    let unsure = Self.answers.replacingOccurrences(of: "[\"業務基盤クラウド\"]", with: "[\"?\"]")
    let r = try drive(unsure, ["--rules", Self.rules, "--as-of", "2021-08-01", "--lang", "en", "--facts", f])
    #expect(r.exit == 3, "\(r.transcript)")
    #expect(r.transcript.contains("No more questions can settle the case"))
    var saved = try String(contentsOfFile: f, encoding: .utf8)
    #expect(saved.contains("unknown: [service.name"))
    // Resuming with the name removed from `unknown:` asks it, and decides.
    saved = saved.replacingOccurrences(of: "unknown: [service.name, ", with: "unknown: [")
      .replacingOccurrences(of: "unknown: [service.name]", with: "")
    try saved.write(toFile: f, atomically: true, encoding: .utf8)
    let again = try drive(Self.answers, ["--rules", Self.rules, "--lang", "en", "--facts", f])
    #expect(again.transcript.contains("[service.name]"))
    #expect(!again.transcript.contains("[agency.kind]"))
    #expect(again.exit == 0, "\(again.transcript)")
  }

  @Test func pipedAnswersOnePerLineWithExitCodes() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let out = dir + "/a.yaml"
    let r = try runBinary(["ask", "--rules", Self.rules, "--as-of", "2021-08-01", "--lang", "en", "--output", out],
                          stdin: "1\nCloud One\nyes\n")
    #expect(r.exit == 3)
    #expect(r.stdout.contains("> yes\n"))  // piped answers are echoed so the transcript reads
    #expect(try String(contentsOfFile: out, encoding: .utf8).contains("in_use_or_planned_at_decision: true"))
    let done = try runBinary(["ask", "--rules", Self.rules, "--lang", "ja", "--facts", out],
                             stdin: "申請見込み\ny\n1\n令和3年7月5日\nR6.3.31\n")
    #expect(done.exit == 0, "\(done.stdout)")
  }
}

extension AskTests {
  @Test func asksTheEvaluationDateFirstWhenNoneIsGiven() throws {
    let r = try runAsk(["--rules", Self.rules, "--lang", "ja"], answers: ["令和元年4月30日", "R3.8.1", "１"])
    #expect(r.exit == 3)
    #expect(r.output.hasPrefix("評価日（空欄なら今日）\n"))
    #expect(r.output.contains("! 令和の期間外です（令和は2019-05-01から）"))
    #expect(r.output.contains("as_of: 2021-08-01\nagency:\n  kind: \"national_government\"\n"))
  }
}

extension TemplateTests {
  @Test func templateListsEveryDeclaredFact() throws {
    let out = try template("en").output
    let provider = try RuleSetProvider(options: try RulesOptions.parse(["--rules", Self.rules]), limits: .init())
    let (rs, _) = try provider.ruleSet(on: try CalendarDate.parse("2026-01-01"))
    for f in rs.facts { #expect(out.contains("\n# \(f.name): \n"), "missing \(f.name)") }
  }
}

@Suite struct EvalQuestionsTests {
  static let rules = packageRoot + "/rules/ismap"

  /// A partial case: text output ends with the next questions by label; JSON lists them all, in the
  /// same order, with or without traces; a fact under `unknown:` is not asked.
  @Test func evalShowsTheNextQuestions() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let f = dir + "/partial.yaml"
    try "as_of: 2021-08-01\nagency: {kind: national_government}\nunknown: [service.name]\n"
      .write(toFile: f, atomically: true, encoding: .utf8)
    let text = try runEval(["--rules", Self.rules, f])
    #expect(text.exit == 3)
    #expect(text.output.contains("next questions (first 3 of "))
    #expect(text.output.contains("  1. In use or planned on 2021-07-06 [service.in_use_or_planned_at_decision] (yes/no)"))
    let ja = try runEval(["--rules", Self.rules, "--lang", "ja", f])
    #expect(ja.output.contains("次の質問（全"))
    #expect(ja.output.contains("  1. 本決定時点で利用中又は利用予定 [service.in_use_or_planned_at_decision]（はい／いいえ）"))
    #expect(text.output.contains("missing facts: ") && text.output.contains("service.name"))
    for args in [["--format", "json"], ["--format", "json", "--no-trace"]] {
      let j = try runEval(["--rules", Self.rules] + args + [f])
      let obj = try JSONSerialization.jsonObject(with: Data(j.output.utf8)) as! [String: Any]
      let qs = (obj["questions"] as! [[String: Any]]).map { $0["fact"] as! String }
      #expect(qs.first == "service.in_use_or_planned_at_decision")
      #expect(!qs.contains("service.name"))
      #expect((obj["missing_facts"] as! [String]).contains("service.name"))
    }
  }
}
