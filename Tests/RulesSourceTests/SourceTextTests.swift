import Testing
@testable import RulesSource

/// `SourceText` finds line starts by scanning UTF-8 bytes; lines and columns must be those of a walk
/// over Unicode scalars (the earlier implementation, kept here as the reference).
@Suite struct SourceTextTests {
  static func referenceLines(_ text: String) -> [Substring] {
    var starts = [text.startIndex]
    var i = text.startIndex
    while i < text.endIndex {
      let next = text.unicodeScalars.index(after: i)
      if text.unicodeScalars[i] == "\n" { starts.append(next) }
      i = next
    }
    return starts.indices.map { n in
      let start = starts[n]
      var end = n + 1 < starts.count ? text.unicodeScalars.index(before: starts[n + 1]) : text.endIndex
      if end > start, text.unicodeScalars[text.unicodeScalars.index(before: end)] == "\r" {
        end = text.unicodeScalars.index(before: end)
      }
      return Substring(text.unicodeScalars[start..<end])
    }
  }

  @Test(arguments: [
    "", "\n", "one line", "a\nb\n", "a\r\nb\r\nc", "名前: 長期継続契約\n  when: \"契約.複数年\"\n", "\n\n\nx",
    "e\u{301}\u{301}\nx\r\n\r\n", "🇯🇵 flag\nend",
  ])
  func linesMatchTheScalarWalk(text: String) {
    let s = SourceText(path: "t.yaml", text: text)
    let expected = Self.referenceLines(text)
    #expect(s.lineCount == expected.count)
    for (n, line) in expected.enumerated() {
      #expect(s.line(n + 1).map(String.init) == String(line), "line \(n + 1) of \(text.debugDescription)")
    }
    #expect(s.line(0) == nil)
    #expect(s.line(expected.count + 1) == nil)
  }

  /// A string bridged or sliced from elsewhere is made contiguous first.
  @Test func substringBackedText() {
    let big = String(repeating: "行\n", count: 3) + "last"
    let s = SourceText(path: "t", text: String(big.dropFirst(2)))
    #expect(s.lineCount == 3)
    #expect(s.line(3) == "last")
  }
}
