import Foundation
import RulesSource
import Testing

/// `DiagnosticCode.all` and docs/diagnostics.md list the same codes, and the sources name codes only
/// through the constants of `DiagnosticCode`.
@Suite struct DiagnosticsDocTests {
  /// The codes in the first column of the doc's tables (`a`, or `a`, `b` for a row shared by several).
  static func documentedCodes() throws -> Set<String> {
    let doc = try String(contentsOfFile: packageRoot + "/docs/diagnostics.md", encoding: .utf8)
    let code = try NSRegularExpression(pattern: #"`([a-z]+(?:-[a-z0-9]+)*)`"#)
    var codes: Set<String> = []
    for line in doc.split(separator: "\n") where line.hasPrefix("| `") {
      let first = String(line.dropFirst().prefix { $0 != "|" })
      for m in code.matches(in: first, range: NSRange(first.startIndex..., in: first)) {
        codes.insert(String(first[Range(m.range(at: 1), in: first)!]))
      }
    }
    return codes
  }

  @Test func theListAndTheDocAgree() throws {
    let listed = DiagnosticCode.all.map(\.rawValue)
    #expect(Set(listed).count == listed.count, "a code is listed twice in DiagnosticCode.all")
    let documented = try Self.documentedCodes()
    #expect(documented.count > 40, "the doc scan found too few codes; has the table format changed?")
    let undocumented = Set(listed).subtracting(documented).sorted()
    #expect(undocumented.isEmpty, "add these codes to docs/diagnostics.md: \(undocumented)")
    let unlisted = documented.subtracting(listed).sorted()
    #expect(unlisted.isEmpty, "docs/diagnostics.md lists codes DiagnosticCode.all does not have: \(unlisted)")
  }

  /// Every code carries its one-line summary (SARIF's `shortDescription`): a new code needs one entry only.
  @Test func everyCodeHasASummary() {
    for code in DiagnosticCode.all {
      #expect(!code.summary.isEmpty && !code.summary.contains("\n"), "\(code): give it a one-line summary")
      #expect(!code.summary.hasSuffix("."), "\(code): \(code.summary)")
    }
  }

  @Test func everyCodeReadsBackFromItsName() {
    for code in DiagnosticCode.all { #expect(DiagnosticCode(rawValue: code.rawValue) == code) }
    #expect(DiagnosticCode(rawValue: "no-such-code") == nil)
  }

  /// No code is written as a string where one is made or compared: not as the first argument of a
  /// diagnostic factory, not as `code: "…"`, not in `code == "…"`, and no literal anywhere spells a
  /// listed code. Only DiagnosticCode.swift holds the names.
  @Test func sourcesUseTheConstants() throws {
    let shaped = #""[a-z]+(?:-[a-z0-9]+)*""#
    let patterns = [
      #"\b(?:error|warning|fail|ExprIssue|RecordError|ConversionError|Diagnostic)\(\s*(?:\.[a-z]+,\s*)?"# + shaped,
      #"\bcode:\s*"# + shaped,
      #"\bcode\)?\s*[!=]=\s*"# + shaped,
    ].map { try! NSRegularExpression(pattern: $0) }
    let hyphenated = Set(DiagnosticCode.all.map(\.rawValue).filter { $0.contains("-") })
    let literal = try NSRegularExpression(pattern: #""([a-z]+(?:-[a-z0-9]+)+)""#)
    func hits(_ text: String) -> [String] {
      let whole = NSRange(text.startIndex..., in: text)
      var out = patterns.flatMap { p in p.matches(in: text, range: whole).map { String(text[Range($0.range, in: text)!]) } }
      for m in literal.matches(in: text, range: whole) where hyphenated.contains(String(text[Range(m.range(at: 1), in: text)!])) {
        out.append(String(text[Range(m.range, in: text)!]))
      }
      return out
    }
    // The scan still recognises the shapes it forbids.
    let planted = #"r.error("made-up", "m", at: n); .warning("cycle", "m"); Check(code: "x-y"); $0.code == "z"; ["bad-date"]"#
    #expect(hits(planted).count == 5, "\(hits(planted))")
    var found: [String] = []
    var files = 0
    let walker = FileManager.default.enumerator(atPath: packageRoot + "/Sources")
    while let rel = walker?.nextObject() as? String {
      guard rel.hasSuffix(".swift"), !rel.hasSuffix("/DiagnosticCode.swift") else { continue }
      files += 1
      let text = try String(contentsOfFile: packageRoot + "/Sources/" + rel, encoding: .utf8)
      found += hits(text).map { "\(rel): \($0)" }
    }
    #expect(files > 100, "the scan read too few files; has Sources moved?")
    #expect(found.isEmpty, "use a DiagnosticCode constant instead of a string: \(found)")
  }
}
