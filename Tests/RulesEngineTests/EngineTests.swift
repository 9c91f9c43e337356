import Foundation
import RulesEngine
import Testing

/// The library through its public API only (`import RulesEngine`, nothing else).
@Suite struct EngineTests {
  static let example: [String: FactValue] = [
    "agency": ["kind": "national_government"],
    "service": ["model": "iaas", "registered_on": nil, "used_from": "2019-04-01",
                "in_use_or_planned_at_decision": true, "procured_on": "2019-02-15"],
    "application": ["status": "expected", "applied_on": nil, "expected_within_old_period": true,
                    "no_prospect_since": nil],
    "alternative": ["exists": true, "status": "registered"],
    "contract.multi_year": true, "contract.signed_on": "2019-02-15", "contract.ends_on": "2024-03-31",
    "contract.extended_unavoidably": false, "contract.extended_ends_on": nil,
    "contract.renewal_signed_on": nil, "contract.renewal_ends_on": nil,
    "migration": ["large_impact": false, "plan_decided_on": "2022-01-20", "ends_on": nil,
                  "extended_unavoidably": false, "extended_ends_on": nil, "completed_on": nil],
    "construction": ["in_progress": false, "started_on": nil],
  ]

  @Test func bundledRulesDecideAFileAsTheCLIDoes() throws {
    let engine = try Engine.bundled()
    #expect(engine.ruleSetIDs.count >= 2)
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../examples/multi-year-contract.yaml")
    let result = try engine.evaluate(CaseFacts(data: try Data(contentsOf: url)))
    #expect(result.asOf == Day("2022-10-01"))
    let m = try #require(result[decision: "interim_measure"])
    #expect(m.isMain && m.determined)
    #expect(m.outcome == "new-1-i")
    #expect(m.deadline == Day("2024-03-31"))
    #expect(m.status == .active)
    #expect(m.title?.ja != nil && m.outcomeTitle?.en != nil && m.source != nil)
    let duties = try #require(result[decision: "obligations"])
    #expect(duties.outcomes.contains("report-to-secretariat"))
    #expect(!duties.obligations.isEmpty && duties.obligations.allSatisfy { $0.text?.ja != nil && $0.source != nil })
    #expect(duties.obligations.allSatisfy { $0.overdue != nil })
    #expect(result.decided && result.missingFacts.isEmpty)
  }

  @Test func dictionaryAndDateOptionGiveTheSameAnswer() throws {
    let engine = try Engine.bundled()
    let a = try engine.evaluate(CaseFacts(Self.example, asOf: Day("2022-10-01")))
    let b = try engine.evaluate(CaseFacts(Self.example), asOf: Day(year: 2022, month: 10, day: 1))
    #expect(a == b)
    #expect(a[decision: "interim_measure"]?.outcome == "new-1-i")
    // After the deadline the same measure has expired.
    let late = try engine.evaluate(CaseFacts(Self.example), asOf: Day("2024-04-01"))
    #expect(late[decision: "interim_measure"]?.status == .expired)
  }

  @Test func aMissingFactLeavesTheCaseUndeterminedAndNamesIt() throws {
    var facts = Self.example
    facts["alternative"] = ["status": "registered"]
    let r = try Engine.bundled().evaluate(CaseFacts(facts, asOf: Day("2022-10-01")))
    #expect(!r.decided)
    #expect(r[decision: "interim_measure"]?.status == .undetermined)
    #expect(r.missingFacts.contains("alternative.exists"))
  }

  struct Contract: Encodable {
    var multi_year = true
    var signed_on = Day("2019-02-15")
    var ends_on = Day("2024-03-31")
  }

  @Test func encodableFactsWork() throws {
    struct Case: Encodable {
      var as_of = Day("2022-10-01")
      var contract = Contract()
    }
    let r = try Engine.bundled().evaluate(try CaseFacts(encoding: Case()))
    #expect(r.asOf == Day("2022-10-01"))
    #expect(!r.decided)  // most facts are missing
  }

  @Test func badFactsThrowOneErrorTypeWithPlaceAndHelp() throws {
    let engine = try Engine.bundled()
    let e = #expect(throws: EngineError.self) {
      try engine.evaluate(CaseFacts(text: "as_of: 2022-10-01\ncontract: {multi_yaer: true}\n", name: "case.yaml"))
    }
    let d = try #require(e?.diagnostics.first)
    #expect(d.code == "unknown-fact" && d.file == "case.yaml" && d.line == 2 && d.column == 12)
    #expect(d.help?.contains("contract.multi_year") == true)
    let bad = #expect(throws: EngineError.self) { try engine.evaluate(CaseFacts(text: "{\"as_of\": \"2022-13-01\"}")) }
    #expect(bad?.diagnostics.first?.code == "bad-date")
  }

  @Test func folderLoadingReportsRuleErrors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rulesengine-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "ruleset: {id: t, series: t, decided_on: 2021-01-01, effective_from: 2021-01-01, main: [d]}\nfacts: {a: bool}\ndecisions:\n  d:\n    rules:\n      - {id: r, when: a, outcome: yes}\n    otherwise: {outcome: no}\n"
      .write(to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
    let engine = try Engine.load(folder: dir.path)
    #expect(try engine.evaluate(CaseFacts(["a": true]), asOf: Day("2022-01-01"))[decision: "d"]?.outcome == "yes")
    try "ruleset: {id: t, series: t, decided_on: 2021-01-01, effective_from: 2021-01-01, main: [d]}\nfacts: {a: bool}\ndecisions:\n  d:\n    rules:\n      - {id: r, when: b, outcome: yes}\n"
      .write(to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
    let e = #expect(throws: EngineError.self) { try Engine.load(folder: dir.path) }
    #expect(e?.diagnostics.first?.line == 6)
  }

  @Test func manyCasesOnAllCoresKeepOrderAndErrorsInPlace() throws {
    let engine = try Engine.bundled()
    var cases: [CaseFacts] = []
    for i in 0..<200 {
      cases.append(i % 50 == 7 ? CaseFacts(text: "as_of: [") : CaseFacts(Self.example, asOf: Day(i % 2 == 0 ? "2022-10-01" : "2024-04-01")))
    }
    let results = engine.evaluate(cases, jobs: 4)
    #expect(results.count == 200)
    for (i, r) in results.enumerated() {
      switch r {
      case .success(let c):
        #expect(i % 50 != 7)
        #expect(c[decision: "interim_measure"]?.status == (i % 2 == 0 ? .active : .expired))
      case .failure(let e):
        #expect(i % 50 == 7 && e.diagnostics.first?.code == "yaml-syntax")
      }
    }
    #expect(engine.evaluate(cases, jobs: 1) .map { try? $0.get() } == results.map { try? $0.get() })
  }
}
