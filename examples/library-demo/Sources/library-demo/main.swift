// Decides two contracts with the bundled ISMAP rules, then an inventory on all cores.
// Exits 1 if an answer is not the one the rules give (so `make test` notices a broken library).
import RulesEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// A ministry's five-year IaaS contract signed in 2019, with a registered alternative (類型①-ⅰ).
let contract: [String: FactValue] = [
  "agency.kind": "national_government",
  "service": ["model": "iaas", "registered_on": nil, "used_from": "2019-04-01",
              "in_use_or_planned_at_decision": true, "procured_on": "2019-02-15"],
  "application": ["status": "expected", "applied_on": nil, "expected_within_old_period": true,
                  "no_prospect_since": nil],
  "alternative": ["exists": true, "status": "registered"],
  "contract": ["multi_year": true, "signed_on": "2019-02-15", "ends_on": "2024-03-31",
               "extended_unavoidably": false, "extended_ends_on": nil,
               "renewal_signed_on": nil, "renewal_ends_on": nil],
  "migration": ["large_impact": false, "plan_decided_on": "2022-01-20", "ends_on": nil,
                "extended_unavoidably": false, "extended_ends_on": nil, "completed_on": nil],
  "construction": ["in_progress": false, "started_on": nil],
]

var failures = 0
@MainActor func check(_ ok: Bool, _ what: String) {
  if !ok {
    print("FAILED: \(what)")
    failures += 1
  }
}

do throws(EngineError) {
  let engine = try Engine.bundled()

  // One case.
  let result = try engine.evaluate(CaseFacts(contract, asOf: Day("2022-10-01")))
  for d in result.mainDecisions {
    let title = d.outcomeTitle?.ja ?? d.outcome ?? "?"
    print("\(d.id): \(d.outcome ?? "?") 「\(title)」 deadline \(d.deadline?.description ?? "none") (\(d.status))")
  }
  for o in result[decision: "obligations"]?.obligations ?? [] {
    print("  must: \(o.text?.en ?? o.id) [\(o.source?.clause ?? "")]")
  }
  let measure = result[decision: "interim_measure"]
  check(measure?.outcome == "new-1-i", "interim_measure is new-1-i")
  check(measure?.deadline == Day("2024-03-31") && measure?.status == .active, "deadline 2024-03-31, active")

  // A fact left out is unknown: the answer says which facts would settle it.
  var partial = contract
  partial["alternative"] = ["status": "registered"]
  let open = try engine.evaluate(CaseFacts(partial, asOf: Day("2022-10-01")))
  print("without alternative.exists: decided \(open.decided), missing \(open.missingFacts)")
  check(!open.decided && open.missingFacts.contains("alternative.exists"), "a missing fact is named")

  // An inventory: the same contract on every first of the month from 2022 to 2025, on all cores.
  var days: [Day] = []
  for year in 2022...2025 { for month in 1...12 { days.append(Day(year: year, month: month, day: 1)!) } }
  let results = engine.evaluate(days.map { CaseFacts(contract, asOf: $0) })
  let expired = zip(days, results).filter { (try? $1.get())?[decision: "interim_measure"]?.status == .expired }
  print("\(results.count) cases; expired from \(expired.first.map { $0.0.description } ?? "never")")
  check(expired.first?.0 == Day("2024-04-01"), "the measure expires after 2024-03-31")

  // Bad facts: one error type, with place and advice.
  do throws(EngineError) {
    _ = try engine.evaluate(CaseFacts(text: "as_of: 2022-10-01\ncontract: {multi_yaer: true}\n", name: "case.yaml"))
    check(false, "a misspelt fact is an error")
  } catch {
    print(error.description)
    check(error.diagnostics.first?.code == "unknown-fact", "the error is unknown-fact")
  }
} catch {
  print(error.description)
  failures += 1
}
exit(failures == 0 ? 0 : 1)
