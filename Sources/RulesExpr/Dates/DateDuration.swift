// Calendar durations and date arithmetic. Months are kept apart from days because a month is
// not a fixed number of days: 2021-01-31 plus one month has no exact answer.

/// A calendar duration: years, months and days (weeks are stored as 7 days).
package struct DateDuration: Hashable, Sendable, CustomStringConvertible {
  /// Whole years.
  package let years: Int
  /// Whole months, added to the years as calendar months.
  package let months: Int
  /// Whole days, including 7 for every week.
  package let days: Int

  /// Creates a duration; parts may be negative, for subtracting.
  package init(years: Int = 0, months: Int = 0, days: Int = 0) {
    self.years = years
    self.months = months
    self.days = days
  }

  /// `years * 12 + months`: the calendar-month part as one number.
  package var totalMonths: Int { years * 12 + months }

  /// `totalMonths`, or nil when it does not fit in an Int (only for absurd inputs).
  var checkedTotalMonths: Int? {
    let (y12, o1) = years.multipliedReportingOverflow(by: 12)
    let (total, o2) = y12.addingReportingOverflow(months)
    return o1 || o2 ? nil : total
  }

  /// The same duration pointing the other way.
  package var negated: DateDuration { DateDuration(years: -years, months: -months, days: -days) }

  /// Canonical source form: `1 year`, `6 months`, `1 year 6 months`, `30 days`, `0 days`.
  package var description: String {
    let parts = [(years, "year"), (months, "month"), (days, "day")].filter { $0.0 != 0 }
      .map { n, unit in "\(n) \(unit)\(n == 1 || n == -1 ? "" : "s")" }
    return parts.isEmpty ? "0 days" : parts.joined(separator: " ")
  }

  /// ISO 8601 form: `P1Y6M`, `P30D`, `P0D` (weeks come back as days: `P2W` → `P14D`).
  package var isoDescription: String {
    let parts = [(years, "Y"), (months, "M"), (days, "D")].filter { $0.0 != 0 }.map { "\($0.0)\($0.1)" }
    return "P" + (parts.isEmpty ? "0D" : parts.joined())
  }

  /// Reads an ISO 8601 date-part duration: `P1Y`, `P6M`, `P30D`, `P2W`, `P1Y6M10D`. Parts are
  /// non-negative whole numbers in the order Y, M, W, D; time parts (`T…`) are rejected.
  package static func parseISO(_ text: Substring) throws(DateParseError) -> DateDuration {
    do throws(DateParseError) {
      return try strictISO(text)
    } catch {
      // `1y`, `p6m`: the meaning is clear, so say exactly what to write.
      var fix = text.uppercased()
      if !fix.hasPrefix("P") { fix = "P" + fix }
      guard fix != text, (try? strictISO(fix[...])) != nil else { throw error }
      throw DateParseError(message: error.message, help: "write `\(fix)`")
    }
  }

  /// Reads an ISO 8601 date-part duration; see `parseISO(_: Substring)`.
  package static func parseISO(_ text: String) throws(DateParseError) -> DateDuration {
    try parseISO(text[...])
  }

  static func strictISO(_ text: Substring) throws(DateParseError) -> DateDuration {
    let unitsHelp = "use Y (years), M (months), W (weeks) or D (days), for example `P1Y6M` or `P30D`"
    func fail(_ why: String, _ help: String? = nil) -> DateParseError {
      DateParseError(message: "`\(CalendarDate.shown(text))` is not a duration: \(why)", help: help)
    }
    guard !text.isEmpty else { throw DateParseError(message: "an empty value is not a duration", help: unitsHelp) }
    let c = Array(text)
    guard c[0] == "P" else { throw fail("it must start with `P`", unitsHelp) }
    guard c.count > 1 else { throw fail("it has no parts", unitsHelp) }
    guard !c.contains("T") else {
      throw fail("time parts (after `T`) are not supported", "durations here count whole days, weeks, months and years")
    }
    let units: [Character] = ["Y", "M", "W", "D"]
    var values = [0, 0, 0, 0]
    var lastUnit = -1
    var i = 1
    while i < c.count {
      var n = 0
      let start = i
      while i < c.count, c[i].isASCII, let v = c[i].wholeNumberValue {
        guard i - start < 7 else { throw fail("the number is too large") }  // keeps arithmetic far from overflow
        n = n * 10 + v
        i += 1
      }
      if i == start {
        if c[i] == "-" { throw fail("negative numbers are not allowed") }
        if units.contains(c[i]) { throw fail("`\(c[i])` needs a number before it", unitsHelp) }
        throw fail("unexpected character `\(c[i])`", unitsHelp)
      }
      guard i < c.count else { throw fail("the number \(n) has no unit", unitsHelp) }
      if c[i] == "." || c[i] == "," { throw fail("fractions are not allowed") }
      guard let u = units.firstIndex(of: c[i]) else { throw fail("unknown unit `\(c[i])`", unitsHelp) }
      guard u > lastUnit else { throw fail("each part may appear once, in the order Y, M, W, D") }
      values[u] = n
      lastUnit = u
      i += 1
    }
    return DateDuration(years: values[0], months: values[1], days: values[2] * 7 + values[3])
  }
}

/// What to do when adding months lands on a day the month does not have (Jan 31 + 1 month).
package enum MonthRounding: String, Hashable, Sendable, CaseIterable {
  /// Report an error: the rule must say which way to round.
  case none
  /// Use the last day of that month (2021-01-31 + 1 month → 2021-02-28).
  case down
  /// Use the first day of the following month (2021-01-31 + 1 month → 2021-03-01).
  case up
}

/// Why date arithmetic has no answer.
package enum DateArithmeticError: Error, Hashable, Sendable {
  /// Month arithmetic landed on a day the month does not have, and no rounding was chosen.
  case nonexistentDay(year: Int, month: Int, day: Int)
  /// The result is before 0001-01-01 or after 9999-12-31.
  case outOfRange
  /// A legal period had a zero or negative length.
  case nonPositivePeriod

  /// A message for the policy editor: lowercase start, no final period.
  package var message: String {
    switch self {
    case let .nonexistentDay(y, m, d):
      let shown = "`\(CalendarDate.pad(y, 4))-\(CalendarDate.pad(m, 2))-\(CalendarDate.pad(d, 2))`"
      guard (1...9999).contains(y), (1...12).contains(m), d > CalendarDate.daysIn(month: m, year: y),
        y < 9999 || m < 12
      else { return "\(shown) does not exist" }
      let last = CalendarDate(unchecked: y, m, CalendarDate.daysIn(month: m, year: y))
      let next = CalendarDate(dayNumber: last.dayNumber + 1)
      return "\(shown) does not exist: \(CalendarDate.monthNames[m - 1]) \(y) has \(last.day) days; "
        + "choose a rounding (`round: down` gives \(last), `round: up` gives \(next))"
    case .outOfRange: return "the result is outside the supported dates 0001-01-01 to 9999-12-31"
    case .nonPositivePeriod: return "a period must be longer than zero"
    }
  }
}

extension CalendarDate {
  /// Adds years and months first (as calendar months, keeping the day of the month), then days.
  /// A day the month does not have is an error unless `rounding` says which way to go.
  package func adding(_ d: DateDuration, rounding: MonthRounding = .none) throws(DateArithmeticError) -> CalendarDate {
    guard let months = d.checkedTotalMonths else { throw .outOfRange }
    guard let result = try shifting(months: months, rounding: rounding).adding(days: d.days) else {
      throw .outOfRange
    }
    return result
  }

  /// Subtracts years and months first, then days; the same as adding `d.negated`.
  package func subtracting(_ d: DateDuration, rounding: MonthRounding = .none) throws(DateArithmeticError) -> CalendarDate {
    try adding(d.negated, rounding: rounding)
  }

  /// True when adding `d` to some valid date could land on a non-existent day; used by a linter.
  package static func monthArithmeticCanOverflow(_ d: DateDuration) -> Bool {
    // Any month shift can miss (31st → 30-day month, 29 Feb → common year) except whole multiples
    // of 400 years, since the Gregorian leap pattern repeats every 400 years.
    guard let months = d.checkedTotalMonths else { return true }
    return months % 4800 != 0
  }

  /// Days from this date to `other`: positive when `other` is later.
  package func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

  /// The same day of the month `months` calendar months away, rounded as asked when it is missing.
  func shifting(months: Int, rounding: MonthRounding) throws(DateArithmeticError) -> CalendarDate {
    let (index, overflow) = (year * 12 + month - 1).addingReportingOverflow(months)
    guard !overflow, (12..<120_000).contains(index) else { throw .outOfRange }
    let y = index / 12, m = index % 12 + 1
    let last = Self.daysIn(month: m, year: y)
    if day <= last { return CalendarDate(unchecked: y, m, day) }
    switch rounding {
    case .none: throw .nonexistentDay(year: y, month: m, day: day)
    case .down: return CalendarDate(unchecked: y, m, last)
    // Never past 9999-12-31: a missing day means a month shorter than 31 days, so not December.
    case .up: return CalendarDate(dayNumber: CalendarDate(unchecked: y, m, last).dayNumber + 1)
    }
  }
}
