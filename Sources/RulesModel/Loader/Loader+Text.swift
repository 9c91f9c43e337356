import RulesExpr
import RulesSource
import RulesYAML

/// Text for people that may insert constants: `until {old2_deadline}` reads the constant's value in
/// force (after `--set`), so a label follows the reading. `{{` and `}}` are literal braces.
extension RuleSetLoader {
  /// A title, reason or note: `r.text`, with `{constant}` replaced in each language.
  func personText(_ node: YAMLNode, _ what: String) -> LocalizedText? {
    guard let t = r.text(node, what) else { return nil }
    if let s = node.scalar {
      var dates: [(Range<Int>, CalendarDate)] = []
      let v = interpolate(s.value, node, dates: &dates)
      return LocalizedText(ja: v, en: v, insertedDates: dates.flatMap { r, d in
        [false, true].map { LocalizedText.InsertedDate(english: $0, range: r, date: d) }
      })
    }
    var ja: [(Range<Int>, CalendarDate)] = [], en: [(Range<Int>, CalendarDate)] = []
    let jt = t.ja.map { interpolate($0, node["ja"] ?? node, dates: &ja) }
    let et = t.en.map { interpolate($0, node["en"] ?? node, dates: &en) }
    return LocalizedText(ja: jt, en: et,
                         insertedDates: ja.map { .init(english: false, range: $0.0, date: $0.1) }
                           + en.map { .init(english: true, range: $0.0, date: $0.1) })
  }

  /// Replaces `{name}` by constant `name`'s value as output shows it; reports unknown names and
  /// warns when the text spells a date that a constant holds (it would not follow that constant).
  /// `dates` gets where each inserted date stands in the result, so output can restyle it.
  func interpolate(_ text: String, _ node: YAMLNode, dates: inout [(Range<Int>, CalendarDate)]) -> String {
    let scalars = Array(text.unicodeScalars)
    let source = sources.last { $0.path == node.range.file }
    func at(_ a: Int, _ b: Int) -> SourceRange { ExprPosition.range(a..<b, in: node, source: source) }
    warnLiteralConstantDates(scalars, at)
    guard scalars.contains("{") || scalars.contains("}") else { return text }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      let c = scalars[i]
      if (c == "{" || c == "}") && i + 1 < scalars.count && scalars[i + 1] == c {
        out.append(c)
        i += 2
        continue
      }
      guard c == "{", let close = scalars[(i + 1)...].firstIndex(of: "}") else {
        out.append(c)
        i += 1
        continue
      }
      let name = String(String.UnicodeScalarView(scalars[(i + 1)..<close])).trimmingSpaces
      if let k = constantIndex[name] {
        let shown = Self.display(constants[k].value).unicodeScalars
        if case .date(let d) = constants[k].value { dates.append((out.count..<(out.count + shown.count), d)) }
        out.append(contentsOf: shown)
      } else if !failedConstants.contains(name) {
        let known = constants.map(\.name)
        r.diagnostics.insert(.error(
          .unknownConstant, "`{\(name)}` in text names no constant", at: at(i, close + 1),
          help: Suggestions.didYouMean(name, in: known).map { $0 + " (write `{{` for a literal brace)" }
            ?? "only constants can be inserted into text; write `{{` for a literal brace"))
      }
      i = close + 1
    }
    return String(out)
  }

  /// A value as reports print it.
  static func display(_ v: Value) -> String {
    if case .list(let xs) = v { return xs.map(display).joined(separator: ", ") }
    return v.description
  }

  /// `2022-03-31` or `2022年3月31日` written in text when a constant holds that date.
  private func warnLiteralConstantDates(_ s: [Unicode.Scalar], _ at: (Int, Int) -> SourceRange) {
    if constantDates == nil {
      var byDate: [CalendarDate: String] = [:]
      for c in constants {
        if case .date(let d) = c.value, byDate[d] == nil { byDate[d] = c.name }
      }
      constantDates = byDate
    }
    guard let byDate = constantDates, !byDate.isEmpty else { return }
    for (range, date) in Self.spelledDates(s) {
      guard let name = byDate[date] else { continue }
      r.diagnostics.insert(.warning(
        .literalConstantDate, "this text spells \(date), the value of constant `\(name)`", at: at(range.lowerBound, range.upperBound),
        help: "write `{\(name)}` so the text follows the constant (and `--set`)"))
    }
  }

  /// Dates written `YYYY-MM-DD` or `YYYY年M月D日` in text, with their offsets.
  static func spelledDates(_ s: [Unicode.Scalar]) -> [(Range<Int>, CalendarDate)] {
    // The ASCII scalars whose numeric type is decimal are exactly 0…9.
    func digit(_ c: Unicode.Scalar) -> Int? { c.value >= 0x30 && c.value <= 0x39 ? Int(c.value - 0x30) : nil }
    func digits(_ i: Int, _ n: ClosedRange<Int>) -> (Int, Int)? {
      var j = i, v = 0
      while j < s.count, j - i < n.upperBound, let d = digit(s[j]) {
        v = v * 10 + d
        j += 1
      }
      return n.contains(j - i) ? (v, j) : nil
    }
    var out: [(Range<Int>, CalendarDate)] = []
    var i = 0
    while i < s.count {
      if i > 0, digit(s[i - 1]) != nil { i += 1; continue }
      if let (y, a) = digits(i, 4...4), a < s.count {
        if s[a] == "-", let (m, b) = digits(a + 1, 2...2), b < s.count, s[b] == "-", let (d, c) = digits(b + 1, 2...2),
          let date = CalendarDate(year: y, month: m, day: d)
        {
          out.append((i..<c, date))
          i = c
          continue
        }
        if s[a] == "年", let (m, b) = digits(a + 1, 1...2), b < s.count, s[b] == "月", let (d, c) = digits(b + 1, 1...2),
          c < s.count, s[c] == "日", let date = CalendarDate(year: y, month: m, day: d)
        {
          out.append((i..<(c + 1), date))
          i = c + 1
          continue
        }
      }
      i += 1
    }
    return out
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
