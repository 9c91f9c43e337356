// Strict civil dates for rules files. Pure stdlib on purpose: a rule's date is a day on the
// calendar, not an instant, so there is no time zone that could shift it by one.

/// A day in the proleptic Gregorian calendar, 0001-01-01 to 9999-12-31, with no time or time zone.
package struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The year, 1...9999.
  package let year: Int
  /// The month, 1 (January) ... 12 (December).
  package let month: Int
  /// The day of the month, 1...31.
  package let day: Int

  /// The `dayNumber` of 9999-12-31, the last supported day.
  static let maxDayNumber = 3_652_058
  static let monthNames = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ]

  /// Creates the date, or returns nil if it is not a real date or the year is outside 1...9999.
  package init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= CalendarDate.daysIn(month: month, year: year)
    else { return nil }
    self.init(unchecked: year, month, day)
  }

  /// For callers that have already checked the parts.
  init(unchecked year: Int, _ month: Int, _ day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Whether `year` has a 29 February (Gregorian rule, also before 1582).
  package static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// The number of days in `month` (1...12) of `year`.
  package static func daysIn(month: Int, year: Int) -> Int {
    precondition((1...12).contains(month), "month \(month) is not in 1...12")
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `yyyy-mm-dd`, e.g. `2021-07-06`.
  package var description: String {
    "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
  }

  static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// Days since 0001-01-01 (which is 0), so date arithmetic is integer arithmetic.
  package var dayNumber: Int {
    // Howard Hinnant's days_from_civil. Years start in March so the leap day is the year's last;
    // y >= 0 here, so `/` is floor division.
    let y = month <= 2 ? year - 1 : year
    let era = y / 400, yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 306  // 306: days from 0000-03-01 to 0001-01-01
  }

  /// The date with the given `dayNumber`, which must be in 0...3_652_058 (0001-01-01...9999-12-31).
  package init(dayNumber: Int) {
    precondition((0...Self.maxDayNumber).contains(dayNumber), "day number \(dayNumber) is out of range")
    let z = dayNumber + 306  // days since 0000-03-01
    let era = z / 146_097, doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let m = mp < 10 ? mp + 3 : mp - 9
    self.init(unchecked: era * 400 + yoe + (m <= 2 ? 1 : 0), m, doy - (153 * mp + 2) / 5 + 1)
  }

  /// The date `days` later (earlier if negative), or nil if that is outside 0001...9999.
  package func adding(days: Int) -> CalendarDate? {
    let (n, overflow) = dayNumber.addingReportingOverflow(days)
    guard !overflow, (0...Self.maxDayNumber).contains(n) else { return nil }
    return CalendarDate(dayNumber: n)
  }

  /// The last day of this date's month.
  package var lastDayOfMonth: CalendarDate {
    CalendarDate(unchecked: year, month, Self.daysIn(month: month, year: year))
  }

  /// ISO weekday: 1 = Monday ... 7 = Sunday.
  package var weekday: Int { dayNumber % 7 + 1 }  // 0001-01-01 was a Monday

  /// Chronological order.
  package static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// Reads a strict ISO `YYYY-MM-DD` date (exactly 4-2-2 ASCII digits). Throws DateParseError with a
  /// message a policy editor can act on; other spellings (`2021/07/06`, `令和3年7月6日`) are never
  /// accepted, but the help says how to write them.
  package static func parse(_ text: Substring) throws(DateParseError) -> CalendarDate {
    let b = Array(text.utf8)
    guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
      let y = digits(b[0..<4]), let m = digits(b[5..<7]), let d = digits(b[8..<10])
    else {
      if text.isEmpty { throw DateParseError(message: "an empty value is not a date", help: formHelp(text)) }
      throw DateParseError(message: "`\(shown(text))` is not a date in YYYY-MM-DD form", help: formHelp(text))
    }
    func fail(_ why: String) -> DateParseError { DateParseError(message: "`\(text)` is not a date: \(why)") }
    guard y >= 1 else { throw fail("years run from 0001 to 9999") }
    guard (1...12).contains(m) else { throw fail("there is no month \(m)") }
    guard d >= 1 else { throw fail("there is no day 0") }
    let n = daysIn(month: m, year: y)
    guard d <= n else { throw fail("\(monthNames[m - 1]) \(y) has \(n) days") }
    return CalendarDate(unchecked: y, m, d)
  }

  /// Reads a strict ISO `YYYY-MM-DD` date; see `parse(_: Substring)`.
  package static func parse(_ text: String) throws(DateParseError) -> CalendarDate {
    try parse(text[...])
  }

  static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
    var n = 0
    for c in bytes {
      guard (0x30...0x39).contains(c) else { return nil }
      n = n * 10 + Int(c - 0x30)
    }
    return n
  }

  /// Long input is cut so one bad value cannot flood the report.
  static func shown(_ text: Substring) -> String {
    text.count > 40 ? String(text.prefix(40)) + "…" : String(text)
  }

  /// Help for text not in YYYY-MM-DD form: the ISO spelling when we can tell which date was meant.
  static func formHelp(_ text: Substring) -> String {
    guard let (date, note) = guess(text) else {
      return "write the year, month and day as YYYY-MM-DD, for example `2021-07-06`"
    }
    return "write `\(date)`" + note
  }

  /// Recognises unpadded, `/` or `.` separated, full-width, space-padded and era (明治…令和, M…R) dates.
  /// Used only to build help text: guessing must never turn into accepting.
  static func guess(_ text: Substring) -> (CalendarDate, String)? {
    var s = ""
    var wide = false
    for u in text.unicodeScalars {
      if (0xFF0D...0xFF19).contains(u.value), let a = Unicode.Scalar(u.value - 0xFEE0) {
        wide = true  // full-width －．／０-９ → ASCII
        s.unicodeScalars.append(a)
      } else {
        s.unicodeScalars.append(u)
      }
    }
    var t = Substring(s)
    while t.first?.isWhitespace == true { t.removeFirst() }
    while t.last?.isWhitespace == true { t.removeLast() }
    let trimmed = t.count != s.count
    var era: (name: String, base: Int)? = nil
    for e in JapaneseEra.all.reversed() {
      let (prefixes, name, base) = ([e.name, e.letter], e.name, e.base)
      if let p = prefixes.first(where: { t.uppercased().hasPrefix($0) }) {
        era = (name, base)
        t = t.dropFirst(p.count)
        break
      }
    }
    if t.hasSuffix("日") { t = t.dropLast() }
    let parts = t.split(omittingEmptySubsequences: false, whereSeparator: { "-/.年月".contains($0) })
    func num(_ p: Substring, _ widths: ClosedRange<Int>) -> Int? {
      guard widths.contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      return Int(p)
    }
    guard parts.count == 3, let m = num(parts[1], 1...2), let d = num(parts[2], 1...2) else { return nil }
    if let era {
      guard let n = parts[0] == "元" ? 1 : num(parts[0], 1...2), n >= 1,
        let date = CalendarDate(year: era.base + n, month: m, day: d)
      else { return nil }
      return (date, " (\(era.name)\(n == 1 ? "元" : String(n))年\(m)月\(d)日)")
    }
    guard let y = num(parts[0], 4...4), let date = CalendarDate(year: y, month: m, day: d) else { return nil }
    return (date, wide ? " in half-width (ASCII) digits" : trimmed ? " without the surrounding spaces" : "")
  }
}

/// Why a date or duration in a rules file could not be read, phrased for the policy editor who wrote it.
package struct DateParseError: Error, Hashable, Sendable {
  /// What is wrong: lowercase start, no final period, the offending text in backticks.
  package let message: String
  /// What to write instead, when there is a likely fix.
  package let help: String?

  /// Creates an error with an optional fix.
  package init(message: String, help: String? = nil) {
    self.message = message
    self.help = help
  }
}
