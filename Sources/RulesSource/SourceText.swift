/// The text of one input file, kept so diagnostics can quote the offending line.
package struct SourceText: Sendable {
  package let path: String
  package let text: String
  private let lineStarts: [String.Index]

  package init(path: String, text: String) {
    self.path = path
    var text = text
    text.makeContiguousUTF8()
    self.text = text
    // A line starts after each `\n` byte, which in UTF-8 is always a whole scalar, so the index is
    // scalar-aligned and columns stay in Unicode scalars (CRLF and Japanese text included). Scanning
    // the bytes is several times faster than walking scalars (every loaded rule file builds one).
    let utf8 = text.utf8
    var offsets: [Int] = []
    utf8.withContiguousStorageIfAvailable { bytes in
      for (i, b) in bytes.enumerated() where b == 0x0A { offsets.append(i + 1) }
    }
    var starts = [text.startIndex]
    starts.reserveCapacity(offsets.count + 1)
    for o in offsets { starts.append(utf8.index(utf8.startIndex, offsetBy: o)) }
    lineStarts = starts
  }

  package var lineCount: Int { lineStarts.count }

  /// Line `n` (1-based) without its line break, or nil when out of range.
  package func line(_ n: Int) -> Substring? {
    guard n >= 1, n <= lineStarts.count else { return nil }
    let start = lineStarts[n - 1]
    var end = n < lineStarts.count ? text.unicodeScalars.index(before: lineStarts[n]) : text.endIndex
    if end > start, text.unicodeScalars[text.unicodeScalars.index(before: end)] == "\r" {
      end = text.unicodeScalars.index(before: end)
    }
    return text.unicodeScalars[start..<end].isEmpty ? "" : Substring(text.unicodeScalars[start..<end])
  }
}
