import Foundation
import Testing
@testable import RulesCLI

/// The lean path's one-pass reading of JSON lines (`JSONLineScanner`, `LineBinder`) gives byte for byte
/// what the full path gives, over the lines it treats specially: every kind of fact (numbers, dates,
/// enums with a value no rule mentions, texts compared and looked up in an NFKC table, durations,
/// lists), texts written in another canonically or NFKC-equivalent form, escapes, unknown and repeated
/// names, values of the wrong type, nested objects, cut lines, odd spacing, a BOM and CRLF line ends.
@Suite struct BatchLeanLinesTests {
  static let rules = """
    ruleset:
      id: kinds-2024
      series: kinds
      title: {ja: 型の試験, en: Kinds}
      decided_on: 2024-04-01
      effective_from: 2000-01-01
      main: [pick, extras]
    facts:
      kind: {type: enum, values: [alpha, beta, gamma, ガンマ]}
      who: {type: string, optional: true}
      count: {type: number, optional: true}
      flag: bool
      day: {type: date, optional: true}
      span: {type: duration, optional: true}
      tags: {type: list, of: string, optional: true}
    tables:
      known:
        key: name
        match: {normalize: nfkc}
        columns: {name: string, since: date}
        rows:
          - {name: クラウド基盤, since: 2021-03-12}
          - {name: Cloud One, since: 2022-01-01}
    decisions:
      pick:
        hit: first
        rules:
          - id: guide
            source: art. 1
            when: who == "ガイド"
          - id: listed
            source: art. 2
            when: lookup(known, who) != none
            deadline: lookup(known, who).since
          - id: big
            source: art. 3
            when: (count ?? 0) > 10 and flag
            deadline: day
          - id: spanned
            source: art. 4
            when: known(span) and known(day)
            deadline: (day ?? 2024-01-01) + (span ?? 1 year)
          - id: tagged
            source: art. 5
            when: (tags ?? []) contains "x"
          - id: alpha
            source: art. 6
            when: kind == "alpha"
        otherwise:
          outcome: other
      extras:
        hit: collect
        rules:
          - id: beta
            source: art. 7
            when: kind == "beta"
          - id: late
            source: art. 8
            when: (day ?? 2000-01-01) > 2024-01-01
          - id: unnamed
            source: art. 9
            when: not known(who)

    """

  /// Ways of writing each fact, good and bad, as JSON text.
  static let values: [(String, [String])] = [
    ("kind", [#""alpha""#, #""beta""#, #""gamma""#, #""ガンマ""#, #""ｇａｍｍａ""#, #""alp\u0068a""#, "null", "1", "true", #""""#]),
    ("who", [#""ガイド""#, "\"\u{30AB}\u{3099}イド\"", #""クラウド基盤""#, #""ｸﾗｳﾄﾞ基盤""#, #""Cloud One""#, #""Cloud\u0020One""#,
             #""Heroku""#, #""申請予定SaaS""#, "12", "true", "null", #""""#, #""a/b""#, #""a\/b""#]),
    ("count", ["5", "12", "12.5", "-0", "1e3", "0.1234567890123456", #""12""#, "null", "1234567890123456"]),
    ("flag", ["true", "false", #""true""#, "null", "1"]),
    ("day", [#""2024-02-01""#, #""2023-12-31""#, #""2024-02-30""#, #""令和6年2月1日""#, "20240201", "null", #""2024-2-1""#]),
    ("span", [#""1 year""#, #""P6M""#, #""bad""#, "3", "null"]),
    ("tags", [#"["x","y"]"#, "[]", #"["z"]"#, #""x""#, "null", "[1]"]),
  ]

  static func lines() -> [String] {
    var rand = BatchLeanTests.Rand(x: 8_008)
    var lines: [String] = []
    let spaces = ["", " ", "\t", "  "]
    for n in 0..<1500 {
      var members: [String] = []
      if rand.next(8) != 0 { members.append(#""as_of":"2024-0\#(1 + rand.next(9))-1\#(rand.next(10))""#) }
      members.append(#""id":"L-\#(n)""#)
      for (name, forms) in values where rand.next(5) != 0 {
        // Mostly the first two forms (plain values), sometimes any.
        let v = rand.next(3) == 0 ? forms[rand.next(forms.count)] : forms[rand.next(min(2, forms.count))]
        members.append("\"\(name)\":\(v)")
      }
      switch rand.next(40) {
      case 0: members.append(#""nope":1"#)  // unknown
      case 1: members.append(#""flag":false"#)  // given twice (or once)
      case 2: members.append(#""as_of":"2024-03-01""#)  // as_of twice (or once)
      case 3: members.append(#""extra":{"x":1}"#)  // a nested object
      case 4: members.append(#""fl\u0061g":true"#)  // an escaped name
      case 5: members.append(#""id":"L-again""#)  // the key twice
      case 6: members.append(#""as_of":20240301"#)
      default: break
      }
      for i in members.indices.reversed() where rand.next(6) == 0 { members.swapAt(i, rand.next(i + 1)) }
      let s = spaces[rand.next(spaces.count)]
      var line = "{" + s + members.joined(separator: s + "," + s) + s + "}"
      switch rand.next(30) {
      case 0: line = String(line.utf8.prefix(rand.next(line.utf8.count))) ?? line  // cut short
      case 1: line += " x"
      case 2: line = "\u{FEFF}" + line  // a BOM that is not at the start of the file
      case 3: line = s + line + s
      default: break
      }
      lines.append(line)
    }
    return lines
  }

  static let select = ["decided", "as_of", "as_of_source", "ruleset.id", "ruleset.digest"]
    + ["pick", "extras"].flatMap { d in
      ["outcome", "outcomes", "determined", "deadline", "status", "rule", "rules", "obligations", "excluded"].map { d + "." + $0 }
    }

  @Test func leanEqualsFullOnEveryKindOfLine() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-lean-lines-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let rules = dir.appendingPathComponent("rules.yaml").path
    try writeText(Self.rules, rules)
    let lines = Self.lines()
    let plain = dir.appendingPathComponent("plain.jsonl").path
    try writeText(lines.joined(separator: "\n") + "\n", plain)
    // A BOM at the start of the file and CRLF line ends.
    let crlf = dir.appendingPathComponent("crlf.jsonl").path
    try writeText("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n", crlf)
    let select = Self.select.joined(separator: ",")
    // The lines reach every rule, and some fail.
    let out = try BatchLeanTests.run(["--rules", rules, "--batch", plain, "--key", "id", "--select", select], lean: true).output
    for o in ["guide", "listed", "big", "spanned", "tagged", "alpha", "other"] {
      #expect(out.contains("\"pick.outcome\":\"\(o)\""), "\(o)")
    }
    #expect(out.contains("\"error\":"))
    for jobs in ["1", "2"] {
      try BatchLeanTests.same(["--rules", rules, "--batch", plain, "--key", "id", "--jobs", jobs, "--select", select],
                              "kinds, jobs \(jobs)")
      try BatchLeanTests.same(["--rules", rules, "--batch", crlf, "--key", "id", "--jobs", jobs, "--select", select,
                               "--format", "csv"], "kinds, BOM and CRLF → csv, jobs \(jobs)")
    }
    try BatchLeanTests.same(["--rules", rules, "--batch", plain, "--select", select, "--as-of", "2024-03-01"],
                            "kinds, --as-of, no key")
    try BatchLeanTests.same(["--rules", rules, "--batch", plain, "--key", "count", "--select", "pick.outcome"],
                            "kinds, a fact as the key")
  }
}
