import Foundation
import RulesExpr
import Testing
@testable import RulesCLI

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
}
