import Foundation
import Testing

/// Every diagnostic code the sources can produce is documented in docs/diagnostics.md.
@Suite struct DiagnosticsDocTests {
  @Test func everyCodeIsDocumented() throws {
    let doc = try String(contentsOfFile: packageRoot + "/docs/diagnostics.md", encoding: .utf8)
    let pattern = try NSRegularExpression(pattern: #"(?:error|warning|fail|ExprIssue)\(\s*"([a-z]+(?:-[a-z0-9]+)*)""#)
    var codes: Set<String> = []
    let walker = FileManager.default.enumerator(atPath: packageRoot + "/Sources")
    while let rel = walker?.nextObject() as? String {
      guard rel.hasSuffix(".swift") else { continue }
      let text = try String(contentsOfFile: packageRoot + "/Sources/" + rel, encoding: .utf8)
      for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        codes.insert(String(text[Range(m.range(at: 1), in: text)!]))
      }
    }
    #expect(codes.count > 40, "the scan found too few codes; has the pattern gone stale?")
    let missing = codes.filter { !doc.contains("`\($0)`") }.sorted()
    #expect(missing.isEmpty, "add these codes to docs/diagnostics.md: \(missing)")
  }
}
