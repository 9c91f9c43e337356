import RulesModel
import RulesSource
import Testing

/// Type checking at load time, table-driven: each expression is placed in a rule's `when` (or a
/// deadline) of a small rule set, and must load, or fail with the given code, text and column.
@Suite struct CheckerTests {
  static let facts = """
    facts:
      kind: {type: enum, values: [company, ngo]}
      flag: bool
      opt_flag: {type: bool, optional: true}
      day: date
      opt_day: {type: date, optional: true}
      cost: number
      name: string
      tags: {type: list, of: string}
    constants:
      cutoff: 2024-06-30
      mode: {value: included, values: [included, excluded]}
    tables:
      list:
        key: name
        columns: {name: string, since: date}
        rows: [{name: A, since: 2021-03-12}]
    obligations:
      report: {text: Report, source: s}
    """

  /// A rule set whose rule `r` has `when: "<expr>"` on line 25; the expression starts at column 16.
  func set(when expr: String, deadline: String? = nil) -> String {
    rules(Self.facts + """

      decisions:
        d:
          rules:
            - id: r
              when: "\(expr)"
      \(deadline.map { "        deadline: \"\($0)\"" } ?? "")
          otherwise: {outcome: none}
        other:
          rules:
            - {id: x, when: "flag", unless: [{id: ex, when: "cost > 1"}]}
      """)
  }

  @Test(arguments: [
    "kind == \\\"ngo\\\" and flag",
    "opt_day != none and opt_day < cutoff",
    "opt_day == none or opt_day < cutoff",
    "if opt_day != none then opt_day < day else false",
    "(opt_day ?? cutoff) <= day + 1 year",
    "cost * 2 > 10 and not flag",
    "tags contains \\\"x\\\" and count(tags) > 0",
    "kind in [\\\"company\\\", \\\"ngo\\\"]",
    "other.outcome == \\\"x\\\" and other.excluded contains \\\"ex\\\"",
    "period_end(day, 1 year, first_day: mode) > cutoff",
    "period_end(day, 6 months, first_day: excluded) > cutoff",
    "add(day, 1 month, round: down) > fiscal_year_end(cutoff)",
    "lookup(list, name).since != none",
    "known(opt_flag) and (opt_flag ?? false)",
    "min(day, cutoff) == cutoff",
    "days_between(day, cutoff) > 30",
    "as_of >= cutoff",
  ])
  func wellTypedExpressionsLoad(expr: String) {
    let errors = loadErrors(set(when: expr))
    #expect(errors.isEmpty, "\(errors.map(\.message))")
  }

  @Test(arguments: [
    ("kind == \\\"ngoo\\\"", "unknown-value", "did you mean `ngo`?", 23),
    ("cots > 1", "unknown-fact", "did you mean `cost`?", 15),
    ("opt_day < cutoff", "optional-unguarded", "test it first", 15),
    ("opt_flag", "optional-unguarded", "?? false", 15),
    ("day == true", "type-mismatch", nil, 15),
    ("day < 3", "type-mismatch", nil, 15),
    ("cost + day", "type-mismatch", nil, 15),
    ("day - cutoff > 0", "type-mismatch", "days_between", 15),
    ("other.outcome == \\\"y\\\"", "unknown-value", nil, 32),
    ("other.excluded contains \\\"exx\\\"", "unknown-value", "did you mean `ex`?", 39),
    ("other.outcom == \\\"x\\\"", "unknown-name", "did you mean `outcome`?", 15),
    ("perod_end(day, 1 year) > day", "unknown-function", "did you mean `period_end`?", 15),
    ("period_end(day, 1 year, first_day: sometimes) > day", "unknown-name", nil, 50),
    ("lookup(list, name).sinse != none", "unknown-column", "did you mean `since`?", 15),
    ("cost", "type-mismatch", nil, 15),
    ("flag and", "expr-syntax", nil, 20),
  ] as [(String, String, String?, Int)])
  func typeErrorsArePositionedWithHelp(expr: String, code: String, help: String?, column: Int) throws {
    let errors = loadErrors(set(when: expr))
    let e = try #require(errors.first, "expected an error for `\(expr)`")
    #expect(e.code.rawValue == code, "\(e.message)")
    #expect(e.range.start.line == 25)
    #expect(e.range.start.column == column + 1, "\(e.message)")
    if let help { #expect(e.help?.contains(help) == true, "\(e.help ?? "no help")") }
  }

  @Test func deadlineMustBeADate() throws {
    let errors = loadErrors(set(when: "flag", deadline: "cost"))
    #expect(errors.first?.code == .typeMismatch)
    #expect(loadErrors(set(when: "flag", deadline: "opt_day ?? cutoff")).isEmpty)
  }

  @Test func decisionCyclesAreLoadErrors() throws {
    let y = rules(Self.facts + """

      decisions:
        d:
          rules: [{id: a, when: "e.outcome == \\"b\\""}]
        e:
          rules: [{id: b, when: "d.outcome == \\"a\\""}]
      """)
    let errors = loadErrors(y)
    #expect(errors.contains { $0.code == .cycle && $0.message.contains("d → e → d") || $0.message.contains("e → d → e") })
  }

  @Test func unknownKeysSuggestTheRightOne() throws {
    let errors = loadErrors(rules(Self.facts + """

      decisions:
        d:
          rules:
            - id: r
              wen: flag
      """))
    let e = try #require(errors.first { $0.code == .unknownKey })
    #expect(e.help == "did you mean `when`?")
    #expect(e.range.start == SourcePosition(line: 25, column: 9))
  }
}
