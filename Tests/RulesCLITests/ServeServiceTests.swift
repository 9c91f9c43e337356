import Foundation
import RulesExpr
import Testing
@testable import RulesCLI
import RulesReport
import RulesSource

/// `serve`'s answers without HTTP (EvalService): the same JSON as `eval --format json`, and the
/// error statuses for bad bodies. The HTTP layer is tested against a running server (Tests/serve).
@Suite struct ServeServiceTests {
  static let day = CalendarDate(year: 2022, month: 10, day: 1)!
  let service = try! EvalService(rules: nil, today: { ServeServiceTests.day })

  func json(_ s: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any] ?? [:]
  }

  /// The example cases posted as JSON give exactly what `eval --format json` prints for the YAML file
  /// (but `file`, which names the request).
  @Test(arguments: ["multi-year-contract", "old-2-planned", "saas-waiting-for-iaas", "large-migration", "iaa-new-procurement"])
  func sameAsEval(_ name: String) throws {
    let path = packageRoot + "/examples/\(name).yaml"
    let cli = EvalFrontend(command: try EvalCommand.parse(["--format", "json", path])).run()
    let expected = json(cli.output)
    // The same facts as a JSON body, in the file's order: eval's own `facts` echo, cut from its output.
    let text = cli.output
    let start = try #require(text.range(of: "\"facts\": "))
    let end = try #require(text.range(of: ",\n  \"decided\"", range: start.upperBound..<text.endIndex))
    let body = "{\"facts\": \(text[start.upperBound..<end.lowerBound]), \"as_of\": \"\(expected["as_of"] as! String)\"}"
    let answer = service.eval(Array(body.utf8))
    #expect(answer.status == 200)
    // Same renderer, same key order: the texts differ only in the `file` line.
    let cliText = cli.output.replacingOccurrences(of: "\"file\": \"\(path)\"", with: "\"file\": \"<request>\"")
    #expect(answer.body == cliText, "\(name): the server's JSON differs from eval's")
  }

  @Test func bareFactsObjectAndUnknown() {
    let a = service.eval(Array(#"{"as_of": "2022-10-01", "service.model": "saas", "unknown": ["agency.kind"]}"#.utf8))
    #expect(a.status == 200)
    let j = json(a.body)
    #expect(j["decided"] as? Bool == false)
    let questions = (j["questions"] as? [[String: Any]] ?? []).compactMap { $0["fact"] as? String }
    #expect(!questions.isEmpty && !questions.contains("agency.kind"))
  }

  @Test func errorStatuses() {
    let cases: [(String, Int, String)] = [
      ("{\"facts\": ", 400, "json-syntax"),
      ("{facts: {}}", 400, "json-syntax"),
      ("[1, 2]", 422, "expected-mapping"),
      (#"{"facts": {"no.such.fact": 1}}"#, 422, "unknown-fact"),
      (#"{"facts": {"service.model": 3}}"#, 422, "unknown-value"),
      (#"{"facts": {}, "as_off": "2022-10-01"}"#, 422, "unknown-key"),
      (#"{"facts": {}, "set": {"no_such_constant": "x"}}"#, 422, ""),
    ]
    for (body, status, code) in cases {
      let a = service.eval(Array(body.utf8))
      #expect(a.status == status, "\(body)")
      let d = (json(a.body)["diagnostics"] as? [[String: Any]])?.first
      #expect(d != nil, "\(body): no diagnostics")
      let got = d?["code"] as? String ?? ""
      if !code.isEmpty { #expect(got == code, "\(body): \(a.body)") }
    }
  }

  @Test func rulesetsAndFacts() {
    let r = json(service.rulesets().body)
    let sets = r["rulesets"] as? [[String: Any]] ?? []
    #expect(!sets.isEmpty)
    #expect(sets.filter { $0["in_force"] as? Bool == true }.count == 1)
    let id = sets[0]["id"] as! String
    let f = service.facts(id: id)
    #expect(f.status == 200)
    let facts = json(f.body)["facts"] as? [[String: Any]] ?? []
    #expect(facts.contains { $0["type"] as? String == "enum" && !(($0["values"] as? [Any]) ?? []).isEmpty })
    #expect(service.facts(id: "nope").status == 404)
  }

  @Test func batchOptions() {
    if case .success = service.batchCommand([("bogus", "1")]) { Issue.record("an unknown parameter was accepted") }
    if case .success = service.batchCommand([("input", "xml")]) { Issue.record("a bad input format was accepted") }
    if case .failure(let a) = service.batchCommand([("input", "csv"), ("key", "id")]) { Issue.record(Comment(rawValue: a.body)) }
  }

  /// The bytes written as they go (EvaluationBytes, what /v1/eval and `eval --format json` print) are the
  /// JSON tree's rendering, for decided and undecided cases, with and without `set`.
  @Test func streamedJSONIsTheTree() throws {
    var bodies = try ["multi-year-contract", "old-2-planned", "saas-waiting-for-iaas", "large-migration", "iaa-new-procurement"]
      .map { name in
        let cli = EvalFrontend(command: try EvalCommand.parse(["--format", "json", packageRoot + "/examples/\(name).yaml"])).run()
        let e = json(cli.output)
        let facts = try JSONSerialization.data(withJSONObject: e["facts"] as Any)
        return "{\"facts\": \(String(decoding: facts, as: UTF8.self)), \"as_of\": \"\(e["as_of"] as! String)\"}"
      }
    bodies += [
      #"{"as_of": "2022-10-01", "service.model": "saas", "unknown": ["agency.kind"]}"#,
      #"{"facts": {"service.model": "iaas"}, "as_of": "2021-09-01"}"#,
      #"{"facts": {}}"#,
    ]
    let setBody = bodies[1].replacingOccurrences(of: "\"as_of\"", with: "\"set\": {\"old2_deadline_reading\": \"cap\"}, \"as_of\"")
    bodies.append(setBody)
    var compared = 0
    for body in bodies {
      guard case .success(let x) = service.evaluate(Array(body.utf8)) else { continue }
      let e = x.outcome.evaluation
      var out = ByteOutput(), withFragments = ByteOutput()
      EvaluationBytes.write(e, digest: x.outcome.digest, trace: true, overrides: x.overrides, into: &out)
      EvaluationBytes.write(e, digest: x.outcome.digest, trace: true, overrides: x.overrides, fragments: x.fragments,
                            into: &withFragments)
      let tree = EvaluationJSON.make(e, digest: x.outcome.digest, trace: true, overrides: x.overrides).render() + "\n"
      #expect(String(decoding: out.bytes, as: UTF8.self) == tree, "\(body)")
      #expect(String(decoding: withFragments.bytes, as: UTF8.self) == tree, "\(body): with the rule set's fragments")
      var untraced = ByteOutput()
      EvaluationBytes.write(e, digest: "d", trace: false, into: &untraced)
      #expect(String(decoding: untraced.bytes, as: UTF8.self) == EvaluationJSON.make(e, digest: "d", trace: false).render() + "\n")
      compared += 1
    }
    #expect(compared >= 7, "too few bodies evaluated")
    #expect(service.overridden.count <= 1)
  }

  /// The word-at-a-time escaping gives what escaping each character does, wherever the character falls.
  @Test func stringEscapes() {
    // The per-character quoting the String writers use (library facts, log lines) is the reference.
    func reference(_ s: String) -> String { JSONQuote.quoted(s) }
    let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", " ", "~", "é", "判", "😀"]
    var inputs = ["", "plain ascii text", "適用される規則と判定の根拠（第２項）", String(repeating: "a", count: 64)]
    for sp in specials {
      for at in 0..<18 {
        inputs.append(String(repeating: "x", count: at) + sp + String(repeating: "規", count: at % 5))
        inputs.append(String(repeating: "判", count: at) + sp + sp + "y")
      }
    }
    for s in inputs {
      var out = ByteOutput()
      out.jsonString(s)
      #expect(String(decoding: out.bytes, as: UTF8.self) == reference(s), "\(s.debugDescription)")
    }
  }

  /// Bodies read straight from JSON answer byte for byte as bodies read through the YAML parser, and
  /// what the direct reader does not take (errors, odd escapes, duplicate keys) falls back to that path.
  @Test func directJSONReadingAnswersAsTheGeneralPath() throws {
    var bodies: [String] = []
    for name in ["multi-year-contract", "old-2-planned", "saas-waiting-for-iaas"] {
      let cli = EvalFrontend(command: try EvalCommand.parse(["--format", "json", packageRoot + "/examples/\(name).yaml"])).run()
      let e = json(cli.output)
      let facts = try JSONSerialization.data(withJSONObject: e["facts"] as Any, options: [.prettyPrinted])
      bodies.append("{\"facts\": \(String(decoding: facts, as: UTF8.self)),\n \"as_of\": \"\(e["as_of"] as! String)\"}")
    }
    bodies += [
      #"{"as_of": "2022-10-01", "service": {"model": "saas"}, "unknown": ["agency.kind"]}"#,
      #"{"facts": {"service.model": "\u0073aas"}, "as_of": "2022-10-01", "set": {"old2_deadline_reading": "cap"}}"#,
      #"{"facts": {"service.model": "saas", "service.model": "iaas"}}"#,
      #"{"facts": {"service.model": "sa\/as"}}"#,
      #"{"facts": {"no.such.fact": 1.5e3}}"#,
      #"{"facts": {"service.model": 01}}"#,
      #"{"facts": {"service.model": "saas"},}"#,
      "{\"facts\": {\"service.model\": \"\u{3042}\"}}",
      #"{"facts": {}, "as_of": "2022-13-01"}"#,
      #"[{"facts": {}}]"#,
      "  {\"facts\": {}}  \n",
    ]
    for body in bodies {
      let fast = service.eval(Array(body.utf8)), general = service.eval(Array(body.utf8), fast: false)
      #expect(fast.status == general.status, "\(body)")
      #expect(fast.body == general.body, "\(body)")
    }
    #expect(JSONBody.parse(Array(#"{"a": [1, -2.5e-3, true, null, "x\n"]}"#.utf8), file: "f") != nil)
    for bad in [#"{"a": 1"#, #"{"a": 01}"#, #"{"a": tru}"#, #"{"a": "\ud800"}"#, #"{"a": 1, "a": 2}"#, "{\"a\": \"\u{1}\"}"] {
      #expect(JSONBody.parse(Array(bad.utf8), file: "f") == nil, "\(bad)")
    }
  }
}
