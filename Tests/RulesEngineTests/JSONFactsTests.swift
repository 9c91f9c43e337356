import Foundation
import RulesEngine
import Testing

/// Facts given as JSON are read without the YAML parser (by the reader `eval --batch` uses); the answers
/// must be those of the YAML reading of the same text, and a bad fact must be reported with the same
/// code at the same place. A `#` comment line first makes the library read a text as YAML (JSON has no
/// comments), so each case is run both ways through the public API, one line apart.
@Suite struct JSONFactsTests {
  static let engine = try! Engine.bundled()

  /// The result or the error of `text` read as JSON, and of the same text read as YAML.
  static func bothWays(_ text: String) -> (json: Result<CaseResult, EngineError>, yaml: Result<CaseResult, EngineError>) {
    func run(_ t: String) -> Result<CaseResult, EngineError> {
      do throws(EngineError) { return .success(try engine.evaluate(CaseFacts(text: t, name: "case.json"))) } catch {
        return .failure(error)
      }
    }
    return (run(text), run("# read as YAML\n" + text))
  }

  /// JSON text of `facts` (dotted names, as the library's own dictionary form writes them).
  static func json(_ facts: [String: FactValue]) -> String {
    var parts: [String] = []
    for (k, v) in facts.sorted(by: { $0.key < $1.key }) { parts.append("\"\(k)\": \(text(v))") }
    return "{" + parts.joined(separator: ", ") + "}"
  }

  static func text(_ v: FactValue) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
    case .string(let s): return "\"\(s)\""
    case .date(let d): return "\"\(d)\""
    case .list(let xs): return "[" + xs.map(text).joined(separator: ", ") + "]"
    case .group(let kv): return "{" + kv.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(text($0.value))" }.joined(separator: ", ") + "}"
    }
  }

  /// Flat facts of the library's example case.
  static let flat: [String: FactValue] = {
    var out: [String: FactValue] = [:]
    func walk(_ prefix: String, _ v: FactValue) {
      if case .group(let kv) = v {
        for (k, x) in kv { walk(prefix.isEmpty ? k : prefix + "." + k, x) }
      } else {
        out[prefix] = v
      }
    }
    walk("", .group(EngineTests.example))
    return out
  }()

  @Test func generatedCasesGiveTheSameAnswersAsTheYAMLReading() throws {
    // Deterministic variations of the example: facts left out (unknown), optional ones set to null,
    // and dates on both sides of the deadlines.
    var rng = SplitMix(seed: 8)
    let names = Self.flat.keys.sorted()
    let dates = ["2021-07-05", "2021-07-06", "2022-03-31", "2022-04-01", "2022-10-01", "2023-03-31", "2024-03-31", "2024-04-01"]
    var compared = 0
    for n in 0..<300 {
      var facts = Self.flat
      for name in names {
        switch rng.next() % 10 {
        case 0: facts[name] = nil
        case 1: if case .date = facts[name] ?? .null { facts[name] = .string(dates[Int(rng.next() % UInt64(dates.count))]) }
        default: break
        }
      }
      facts["as_of"] = .string(dates[n % dates.count])
      let (json, yaml) = Self.bothWays(Self.json(facts))
      switch (json, yaml) {
      case (.success(let a), .success(let b)): #expect(a == b, "case \(n)"); compared += 1
      case (.failure(let a), .failure(let b)):
        #expect(a.diagnostics.map(\.code) == b.diagnostics.map(\.code), "case \(n)")
      default: Issue.record("case \(n): JSON \(json), YAML \(yaml)")
      }
    }
    #expect(compared > 100)
  }

  @Test func nestedObjectsAreDottedNames() throws {
    let dotted = try Self.engine.evaluate(CaseFacts(text: Self.json(Self.flat.merging(["as_of": "2022-10-01"]) { a, _ in a })))
    let nested = try Self.engine.evaluate(CaseFacts(EngineTests.example, asOf: Day("2022-10-01")))
    #expect(dotted == nested)
    #expect(dotted[decision: "interim_measure"]?.outcome == "new-1-i")
    // Pretty-printed over many lines, as a file would be.
    let pretty = "{\n  \"as_of\": \"2022-10-01\",\n  " + Self.text(.group(EngineTests.example)).dropFirst().dropLast()
      .replacingOccurrences(of: ", \"", with: ",\n  \"") + "\n}\n"
    #expect(try Self.engine.evaluate(CaseFacts(data: Data(pretty.utf8))) == nested)
  }

  @Test func nullIsKnownToBeNoneAndAbsentIsUnknown() throws {
    var facts = Self.flat
    facts["as_of"] = "2022-10-01"
    facts["contract.extended_ends_on"] = nil
    let absent = try Self.engine.evaluate(CaseFacts(text: Self.json(facts)))
    facts["contract.extended_ends_on"] = .null
    let null = try Self.engine.evaluate(CaseFacts(text: Self.json(facts)))
    #expect(null.decided)
    #expect(null == (try? Self.bothWays(Self.json(facts)).yaml.get()))
    #expect(absent == (try? Self.bothWays(Self.json(facts.filter { $0.key != "contract.extended_ends_on" })).yaml.get()))
    // A required fact given as null is an error at the value.
    let (json, yaml) = Self.bothWays("{\"as_of\": \"2022-10-01\",\n \"agency\": {\"kind\": null}}")
    let d = try #require(json.failure?.diagnostics.first)
    #expect(d.code == "null-not-allowed" && d.file == "case.json" && d.line == 2 && d.column == 21)
    Self.same(json, yaml)
  }

  @Test func listsAreRead() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jsonfacts-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try """
      ruleset: {id: t, series: t, decided_on: 2021-01-01, effective_from: 2021-01-01, main: [d]}
      facts: {tags: {type: list, of: string}, days: {type: list, of: date}}
      decisions:
        d:
          rules:
            - {id: r, when: 'any_in(tags, ["charity"]) and any_in(days, [2021-05-01])', outcome: yes}
          otherwise: {outcome: no}

      """.write(to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
    let engine = try Engine.load(folder: dir.path)
    let yes = "{\"as_of\": \"2022-01-01\", \"tags\": [\"x\", \"charity\"], \"days\": [\"2021-05-01\"]}"
    #expect(try engine.evaluate(CaseFacts(text: yes))[decision: "d"]?.outcome == "yes")
    #expect(try engine.evaluate(CaseFacts(text: yes)) == engine.evaluate(CaseFacts(text: "# yaml\n" + yes)))
    let no = "{\"as_of\": \"2022-01-01\", \"tags\": [], \"days\": [\"2021-05-02\"]}"
    #expect(try engine.evaluate(CaseFacts(text: no))[decision: "d"]?.outcome == "no")
    // JSON keeps its types: a number in a list of text, or one text where a list is expected, is an
    // error at the value (the YAML reading takes `1` as text); a day that does not exist is one in both.
    for (bad, code, column) in [("{\"as_of\": \"2022-01-01\", \"tags\": [1]}", "type-mismatch", 33),
                                ("{\"as_of\": \"2022-01-01\", \"tags\": \"charity\"}", "expected-list", 33),
                                ("{\"as_of\": \"2022-01-01\", \"days\": [\"2021-02-30\"]}", "bad-date", 33)] {
      let e = #expect(throws: EngineError.self) { try engine.evaluate(CaseFacts(text: bad)) }
      let d = e?.diagnostics.first
      #expect(d?.code == code && d?.line == 1 && d?.column == column, "\(bad): \(String(describing: d))")
    }
  }

  /// The same code at the same column, the line one apart (the YAML text has a comment line first).
  /// The wording is that of `eval --batch` for the same JSON, which names JSON's types.
  static func same(_ json: Result<CaseResult, EngineError>, _ yaml: Result<CaseResult, EngineError>,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    guard let a = json.failure?.diagnostics.first, let b = yaml.failure?.diagnostics.first else {
      Issue.record("expected two failures: \(json) / \(yaml)", sourceLocation: sourceLocation)
      return
    }
    #expect(a.code == b.code, "\(a) / \(b)", sourceLocation: sourceLocation)
    #expect(a.line == b.line - 1 && a.column == b.column, "\(a) / \(b)", sourceLocation: sourceLocation)
    #expect(a.file == "case.json" && a.severity == .error && !a.message.isEmpty, sourceLocation: sourceLocation)
  }

  @Test(arguments: [
    // An undeclared fact (with a did-you-mean) and a repeated one at the key; the others at the value.
    "{\"as_of\": \"2022-10-01\", \"agency\": {\"kind\": \"ministry_of_magic\"}}",
    "{\"as_of\": \"2022-10-01\", \"contract\": {\"multi_year\": \"yes\"}}",
    "{\"as_of\": \"2022-10-01\", \"contract\": {\"ends_on\": \"2024-02-30\"}}",
    "{\"as_of\": \"2022-10-01\", \"contract\": {\"ends_on\": \"令和6年3月31日\"}}",
    "{\"as_of\": \"2022-10-01\",\n  \"contract\": {\n    \"multi_yaer\": true}}",
    "{\"as_of\": \"2022-10-01\", \"contract.multi_year\": true, \"contract\": {\"multi_year\": false}}",
    "{\"as_of\": \"2022-10-01\",\n \"service\": {\"model\": null}}",
    "{\"as_of\": \"2022-13-01\"}",
    "{\"as_of\": null}",
  ])
  func badFactsGiveTheYAMLReadingsCodeAndPlace(_ text: String) {
    let (json, yaml) = Self.bothWays(text)
    Self.same(json, yaml)
  }

  @Test func badFactsSayWhatToWrite() throws {
    let unknown = try #require(Self.bothWays("{\"contract\": {\"multi_yaer\": true}}").json.failure?.diagnostics.first)
    #expect(unknown.code == "unknown-fact" && unknown.help?.contains("contract.multi_year") == true)
    let value = try #require(Self.bothWays("{\"agency\": {\"kind\": \"ministry\"}}").json.failure?.diagnostics.first)
    #expect(value.code == "unknown-value" && value.column == 21 && value.help?.contains("national_government") == true)
  }

  @Test(arguments: [
    // JSON keeps its types, where YAML reads every scalar as text first: a number where text or a date
    // is expected is an error of type, at the value.
    ("{\"as_of\": \"2022-10-01\", \"agency\": {\"kind\": 3}}", "expected-text", 44),
    ("{\"as_of\": \"2022-10-01\", \"contract\": {\"ends_on\": 20240330}}", "expected-date", 49),
    ("{\"as_of\": \"2022-10-01\", \"contract\": {\"ends_on\": [\"2024-03-30\"]}}", "expected-date", 49),
    ("{\"as_of\": \"2022-10-01\", \"contract\": {\"multi_year\": 1}}", "expected-bool", 52),
  ])
  func wrongJSONTypesAreErrorsAtTheValue(_ text: String, _ code: String, _ column: Int) throws {
    let d = try #require(Self.bothWays(text).json.failure?.diagnostics.first)
    #expect(d.code == code && d.line == 1 && d.column == column, "\(d)")
  }

  @Test func invalidJSONIsReportedAtItsLineAndColumn() throws {
    func error(_ text: String) throws -> EngineDiagnostic {
      let e = #expect(throws: EngineError.self) { try Self.engine.evaluate(CaseFacts(json: Data(text.utf8), name: "case.json")) }
      return try #require(e?.diagnostics.first)
    }
    let d = try error("{\"as_of\": \"2022-10-01\",\n  \"agency\": {\"kind\": }}")
    #expect(d.code == "json-syntax" && d.file == "case.json" && d.line == 2 && d.column == 22, "\(d)")
    let tail = try error("{\"as_of\": \"2022-10-01\"} x")
    #expect(tail.code == "json-syntax" && tail.line == 1 && tail.column == 25, "\(tail)")
    // Japanese text before the error counts one column a character.
    let ja = try error("{\"agency\": {\"name\": \"デジタル庁\", \"kind\" \"x\"}}")
    #expect(ja.code == "json-syntax" && ja.column == 37, "\(ja)")
    let yaml = try error("as_of: 2022-10-01\n")
    #expect(yaml.code == "json-syntax" && yaml.line == 1 && yaml.column == 1, "\(yaml)")
    // Text that starts with `{` but is YAML in flow style is still read as YAML by `init(text:)`/`init(data:)`;
    // `init(json:)` is for JSON only.
    #expect(try Self.engine.evaluate(CaseFacts(text: "{as_of: 2022-10-01}")).asOf == Day("2022-10-01"))
  }

  @Test func bytesThatAreNotUTF8AreAnEncodingError() throws {
    var bytes = Array("{\"as_of\": \"2022-10-01\",\n \"agency\": {\"name\": \"".utf8)
    bytes += [0x83, 0x66, 0x83, 0x57]  // デジ in Shift_JIS
    bytes += Array("\"}}".utf8)
    let e = #expect(throws: EngineError.self) { try Self.engine.evaluate(CaseFacts(bytes: bytes, name: "sjis.json")) }
    let d = try #require(e?.diagnostics.first)
    #expect(d.code == "input-encoding" && d.file == "sjis.json" && d.line == 2 && d.column == 22)
    #expect(d.help?.contains("UTF-8") == true)
  }

  @Test func yamlInFlowStyleStillReads() throws {
    let flow = try Self.engine.evaluate(CaseFacts(text: "{as_of: 2022-10-01, agency: {kind: national_government}}"))
    let json = try Self.engine.evaluate(CaseFacts(text: "{\"as_of\": \"2022-10-01\", \"agency\": {\"kind\": \"national_government\"}}"))
    #expect(flow == json)
    // What only the YAML reading knows still works in JSON text: the `unknown` list.
    let unknown = try Self.engine.evaluate(CaseFacts(text: "{\"as_of\": \"2022-10-01\", \"unknown\": [\"agency.kind\"]}"))
    #expect(unknown.asOf == Day("2022-10-01"))
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let e) = self { return e }
    return nil
  }
}

/// A small deterministic generator (the same cases on every run).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
