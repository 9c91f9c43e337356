/// Dates as people type them in an interview: ISO, `2023/3/31`, `2023年3月31日`, era dates
/// (`令和5年3月31日`, `R5.3.31`, `令和元年5月1日`), full-width digits. Rule and facts files stay strict
/// (`parse`); this is for answers only.
extension CalendarDate {
  /// A Japanese era: its name, its one-letter abbreviation, and the first and last day it covers.
  package struct Era: Sendable {
    package let name: String
    package let letter: String
    package let first: CalendarDate
    package let last: CalendarDate?
    /// Gregorian year of the era's year 1, minus one.
    package var base: Int { first.year - 1 }
  }

  /// The eras an answer may be written in, newest first.
  package static let eras: [Era] = [
    Era(name: "令和", letter: "R", first: CalendarDate(unchecked: 2019, 5, 1), last: nil),
    Era(name: "平成", letter: "H", first: CalendarDate(unchecked: 1989, 1, 8), last: CalendarDate(unchecked: 2019, 4, 30)),
    Era(name: "昭和", letter: "S", first: CalendarDate(unchecked: 1926, 12, 25), last: CalendarDate(unchecked: 1989, 1, 7)),
  ]

  /// Why a written date was not read; `ask` words it in the interview's language.
  package enum WrittenDateProblem: Error, Hashable, Sendable {
    case notADate
    case needsYear
    case noEraYear(era: String)
    case noMonth(Int)
    case noDay(month: Int, year: Int, days: Int)
    case outsideEra(era: String, first: CalendarDate, last: CalendarDate?)
  }

  /// Reads a date as a person writes it. Throws with the reason (a date outside its era, a day that
  /// does not exist) and an example of what to write.
  package static func parseWritten(_ text: String) throws(DateParseError) -> CalendarDate {
    let example = "for example `2023-03-31`, `R5.3.31` or `令和5年3月31日`"
    let shownText = shown(text[...])
    switch readWritten(text) {
    case .success(let d): return d
    case .failure(let p):
      switch p {
      case .notADate:
        throw DateParseError(message: "`\(shownText)` is not a date", help: "write the year, month and day, " + example)
      case .needsYear:
        throw DateParseError(message: "`\(shownText)` needs a four-digit year or an era (令和, 平成, 昭和)", help: example)
      case .noEraYear(let era): throw DateParseError(message: "`\(shownText)` has no year of \(era)", help: example)
      case .noMonth(let m): throw DateParseError(message: "there is no month \(m)", help: example)
      case .noDay(let m, let y, let n): throw DateParseError(message: "\(monthNames[m - 1]) \(y) has \(n) days", help: example)
      case .outsideEra(let era, let first, let last):
        let span = "\(era) runs from \(first)" + (last.map { " to \($0)" } ?? "")
        throw DateParseError(message: "`\(shownText)` is outside \(era): \(span)",
                             help: last == nil ? "a date before \(first) is in the previous era, e.g. 平成31年4月30日"
                               : "write the date in the era it falls in, or as YYYY-MM-DD")
      }
    }
  }

  /// `parseWritten` without the English words: the date, or why it is not one.
  package static func readWritten(_ text: String) -> Result<CalendarDate, WrittenDateProblem> {
    var s = ""
    for u in text.unicodeScalars {
      // Full-width ASCII (digits, letters, ．／－) → ASCII; ideographic space → space.
      if (0xFF01...0xFF5E).contains(u.value), let a = Unicode.Scalar(u.value - 0xFEE0) {
        s.unicodeScalars.append(a)
      } else {
        s.unicodeScalars.append(u == "\u{3000}" ? " " : u)
      }
    }
    var t = Substring(s.filter { !$0.isWhitespace })
    if let d = try? parse(t) { return .success(d) }
    var era: Era?
    for e in eras {
      for p in [e.name, e.letter, e.letter.lowercased()] where t.hasPrefix(p) {
        era = e
        t = t.dropFirst(p.count)
        break
      }
      if era != nil { break }
    }
    if t.hasSuffix("日") { t = t.dropLast() }
    let parts = t.split(omittingEmptySubsequences: false, whereSeparator: { "-/.年月".contains($0) })
    func num(_ p: Substring, _ widths: ClosedRange<Int>) -> Int? {
      guard widths.contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      return Int(p)
    }
    guard parts.count == 3, let m = num(parts[1], 1...2), let d = num(parts[2], 1...2) else { return .failure(.notADate) }
    let year: Int
    if let era {
      guard let n = parts[0] == "元" ? 1 : num(parts[0], 1...2), n >= 1 else { return .failure(.noEraYear(era: era.name)) }
      year = era.base + n
    } else {
      guard let y = num(parts[0], 4...4), y >= 1 else { return .failure(.needsYear) }
      year = y
    }
    guard (1...12).contains(m) else { return .failure(.noMonth(m)) }
    guard let date = CalendarDate(year: year, month: m, day: d) else {
      return .failure(.noDay(month: m, year: year, days: daysIn(month: m, year: year)))
    }
    if let era, date < era.first || era.last.map({ date > $0 }) == true {
      return .failure(.outsideEra(era: era.name, first: era.first, last: era.last))
    }
    return .success(date)
  }
}
