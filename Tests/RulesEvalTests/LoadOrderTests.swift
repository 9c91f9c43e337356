import RulesEval
import RulesExpr
import RulesModel
import RulesSource
import Testing

/// Constants, definitions, tables and facts resolve by dependency: key order within a mapping, or
/// which file a name is declared in, never changes what a rule set means. A cycle names its path.
@Suite struct LoadOrderTests {
  static let header = "ruleset: {id: t, series: t, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [d]}\n"
  func load(_ files: [String]) -> Result<RuleSet, DiagnosticError> {
    RuleSetLoader.load(files.enumerated().map { RuleFile(path: "f\($0.offset).yaml", bytes: Array($0.element.utf8)) },
                       location: "t")
  }

  /// A constant used before it is written: within one mapping, and across files; every section
  /// of a file in reverse of the usual order.
  @Test func constantsResolveInAnyOrder() throws {
    let body = """
      decisions:
        d:
          rules:
            - {id: a, source: s, when: "late and (lookup(t, name).since ?? start_day) <= end_day", deadline: end_day}
          otherwise: {outcome: none}
      definitions:
        unused_then: late and not early
        late: day > end_day
        early: day < start_day
      constants:
        end_day: start_day + grace
        grace: 6 months
        start_day: max(2024-01-31, first_day)
        first_day: 2024-01-15
      tables:
        t:
          key: name
          columns: {name: string, since: date}
          rows: [{name: A, since: 2021-03-12}]
      facts:
        day: date
        name: string

      """
    let one = try load([body + Self.header]).get()
    #expect(one.constants.first { $0.name == "end_day" }?.value == .date(CalendarDate(year: 2024, month: 7, day: 31)!))
    // Across files: the constants the first file uses are in the third.
    let split = try load([
      "constants:\n  end_day: start_day + grace\n" + body.components(separatedBy: "definitions:")[0],
      "definitions:\n  late: day > end_day\nfacts:\n  day: date\n  name: string\n" + Self.header,
      "constants:\n  grace: 6 months\n  start_day: 2024-01-31\ntables:\n  t: {key: name, columns: {name: string, since: date}, rows: []}\n",
    ]).get()
    #expect(split.constants.first { $0.name == "end_day" }?.value == .date(CalendarDate(year: 2024, month: 7, day: 31)!))
  }

  @Test(arguments: [
    ("constants:\n  a: b + 1 day\n  b: a - 1 day\n", "constants depend on each other in a cycle: a → b → a", "4:6"),
    ("constants:\n  a: a\n", "constants depend on each other in a cycle: a → a", "3:6"),
    ("constants:\n  x: 2024-01-01\n  a: max(x, c)\n  b: a\n  c: b\n", "a → c → b → a", "5:6"),
    ("facts: {day: date}\ndefinitions:\n  p: q and true\n  q: r\n  r: p\n", "definitions depend on each other in a cycle: p → q → r → p", "6:6"),
  ])
  func aCycleNamesItsPath(_ body: String, _ message: String, _ at: String) throws {
    let yaml = Self.header + body + "decisions:\n  d:\n    rules: [{id: a, source: s, when: \"true\"}]\n"
    let errors: [Diagnostic]
    switch load([yaml]) {
    case .success: errors = []
    case .failure(let e): errors = e.diagnostics
    }
    // One error at each reference of the cycle (each closes it), all naming the same path.
    let cycles = errors.filter { $0.code == .cycle }
    let edges = message.components(separatedBy: " → ").count - 1
    #expect(cycles.count == edges, "\(errors.map { "\($0.range.start) \($0.code): \($0.message)" })")
    let e = try #require(cycles.first { "\($0.range.start.line):\($0.range.start.column)" == at }, "\(cycles.map(\.range))")
    #expect(cycles.allSatisfy { $0.message == e.message })
    #expect(e.message.contains(message), "\(e.message)")
    // Nothing else is reported for the constants on the cycle.
    #expect(errors.allSatisfy { $0.code == .cycle || $0.code == .unknownName }, "\(errors.map(\.message))")
  }

  /// A constant still cannot read facts or decisions; the message names what it read.
  @Test func aConstantCannotReadAFact() throws {
    let yaml = Self.header + "facts: {day: date}\nconstants:\n  a: day\ndecisions:\n  d:\n    rules: [{id: a, source: s, when: \"true\"}]\n"
    guard case .failure(let e) = load([yaml]) else { Issue.record("loaded"); return }
    let d = try #require(e.diagnostics.first)
    #expect(d.code == .notConstant)
    #expect(d.message.contains("`day`"), "\(d.message)")
  }
}
