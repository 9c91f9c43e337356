/// The text of one input file, kept so diagnostics can quote the offending line.
public struct SourceText: Sendable {
  public let path: String
  public let text: String
  private let lineStarts: [String.Index]

  public init(path: String, text: String) {
    self.path = path
    self.text = text
    var starts = [text.startIndex]
    var i = text.startIndex
    while i < text.endIndex {
      // Scalar-wise so CRLF and Japanese text keep columns in Unicode scalars.
      let s = text.unicodeScalars[i]
      let next = text.unicodeScalars.index(after: i)
      if s == "\n" { starts.append(next) }
      i = next
    }
    lineStarts = starts
  }

  public var lineCount: Int { lineStarts.count }

  /// Line `n` (1-based) without its line break, or nil when out of range.
  public func line(_ n: Int) -> Substring? {
    guard n >= 1, n <= lineStarts.count else { return nil }
    let start = lineStarts[n - 1]
    var end = n < lineStarts.count ? text.unicodeScalars.index(before: lineStarts[n]) : text.endIndex
    if end > start, text.unicodeScalars[text.unicodeScalars.index(before: end)] == "\r" {
      end = text.unicodeScalars.index(before: end)
    }
    return text.unicodeScalars[start..<end].isEmpty ? "" : Substring(text.unicodeScalars[start..<end])
  }
}
