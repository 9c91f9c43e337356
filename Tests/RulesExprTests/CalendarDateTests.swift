import Testing

@testable import RulesExpr

struct CalendarDateTests {
  @Test(arguments: ["2021-07-06", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2021-12-31"])
  func parsesValidDates(_ text: String) throws {
    let d = try CalendarDate.parse(text)
    #expect(d.description == text)
    #expect(CalendarDate(year: d.year, month: d.month, day: d.day) == d)
  }

  static let form = "is not a date in YYYY-MM-DD form"
  static let generic = "write the year, month and day as YYYY-MM-DD, for example `2021-07-06`"

  @Test(arguments: [
    ("2021-02-30", "`2021-02-30` is not a date: February 2021 has 28 days", nil),
    ("2023-02-29", "`2023-02-29` is not a date: February 2023 has 28 days", nil),
    ("2021-04-31", "`2021-04-31` is not a date: April 2021 has 30 days", nil),
    ("2021-13-01", "`2021-13-01` is not a date: there is no month 13", nil),
    ("2021-00-10", "`2021-00-10` is not a date: there is no month 0", nil),
    ("2021-07-00", "`2021-07-00` is not a date: there is no day 0", nil),
    ("0000-01-01", "`0000-01-01` is not a date: years run from 0001 to 9999", nil),
    ("2021-7-6", "`2021-7-6` \(form)", "write `2021-07-06`"),
    ("2021/07/06", "`2021/07/06` \(form)", "write `2021-07-06`"),
    (" 2021-07-06", "` 2021-07-06` \(form)", "write `2021-07-06` without the surrounding spaces"),
    ("2021-07-06x", "`2021-07-06x` \(form)", generic),
    ("20210706", "`20210706` \(form)", generic),
    ("2021-2-30", "`2021-2-30` \(form)", generic),
    ("2021-07-06T00:00", "`2021-07-06T00:00` \(form)", generic),
    ("令和3年7月6日", "`令和3年7月6日` \(form)", "write `2021-07-06` (令和3年7月6日)"),
    ("R3.7.6", "`R3.7.6` \(form)", "write `2021-07-06` (令和3年7月6日)"),
    ("令和３年７月６日", "`令和３年７月６日` \(form)", "write `2021-07-06` (令和3年7月6日)"),
    ("令和元年5月1日", "`令和元年5月1日` \(form)", "write `2019-05-01` (令和元年5月1日)"),
    ("平成31年4月30日", "`平成31年4月30日` \(form)", "write `2019-04-30` (平成31年4月30日)"),
    ("H31/4/30", "`H31/4/30` \(form)", "write `2019-04-30` (平成31年4月30日)"),
    ("２０２１-０７-０６", "`２０２１-０７-０６` \(form)", "write `2021-07-06` in half-width (ASCII) digits"),
    ("", "an empty value is not a date", generic),
  ] as [(String, String, String?)])
  func rejectsWithActionableMessage(_ c: (text: String, message: String, help: String?)) {
    #expect(throws: DateParseError(message: c.message, help: c.help)) { try CalendarDate.parse(c.text) }
  }

  @Test func longInputIsCutInMessages() throws {
    let error = #expect(throws: DateParseError.self) { try CalendarDate.parse(String(repeating: "9", count: 100)) }
    #expect(error?.message == "`\(String(repeating: "9", count: 40))…` \(Self.form)")
  }

  @Test func invalidPartsGiveNil() {
    #expect(CalendarDate(year: 2021, month: 2, day: 29) == nil)
    #expect(CalendarDate(year: 0, month: 1, day: 1) == nil)
    #expect(CalendarDate(year: 10000, month: 1, day: 1) == nil)
    #expect(CalendarDate(year: 2021, month: 13, day: 1) == nil)
    #expect(CalendarDate(year: 2021, month: 1, day: 0) == nil)
    #expect(CalendarDate(year: 2021, month: 1, day: 31) != nil)
  }

  @Test(arguments: [(1900, false), (2000, true), (2023, false), (2024, true), (2100, false), (1600, true)])
  func leapYears(_ year: Int, _ leap: Bool) {
    #expect(CalendarDate.isLeap(year) == leap)
    #expect(CalendarDate.daysIn(month: 2, year: year) == (leap ? 29 : 28))
  }

  @Test func calendarFacts() throws {
    #expect(CalendarDate.daysIn(month: 4, year: 2021) == 30)
    #expect(CalendarDate.daysIn(month: 12, year: 2021) == 31)
    #expect(try CalendarDate.parse("2024-02-10").lastDayOfMonth.description == "2024-02-29")
    #expect(try CalendarDate.parse("0001-01-01").dayNumber == 0)
    #expect(try CalendarDate.parse("9999-12-31").dayNumber == 3_652_058)
    #expect(CalendarDate(dayNumber: 0).description == "0001-01-01")
    #expect(try CalendarDate.parse("9999-12-31").adding(days: 1) == nil)
    #expect(try CalendarDate.parse("0001-01-01").adding(days: -1) == nil)
    #expect(try CalendarDate.parse("2021-01-01").adding(days: Int.max) == nil)
    #expect(try CalendarDate.parse("2021-03-01").days(until: CalendarDate.parse("2021-02-01")) == -28)
    #expect(try CalendarDate.parse("2021-02-28") < CalendarDate.parse("2021-03-01"))
    #expect(try CalendarDate.parse("2020-12-31") < CalendarDate.parse("2021-01-01"))
  }

  @Test(arguments: [("0001-01-01", 1), ("2000-01-01", 6), ("2021-07-06", 2), ("2024-02-29", 4), ("2023-01-01", 7)])
  func weekdays(_ text: String, _ weekday: Int) throws {
    #expect(try CalendarDate.parse(text).weekday == weekday)
  }

  /// Walks every day of 1900...2100 by hand, independently of `dayNumber`, and checks both directions.
  @Test func dayNumbersRoundTrip() {
    var (y, m, d) = (1900, 1, 1)
    var n = CalendarDate(year: 1900, month: 1, day: 1)!.dayNumber
    var failures: [String] = []
    func fail(_ what: String) { if failures.count < 10 { failures.append(what) } }  // keep a failing report short
    while y <= 2100 {
      let date = CalendarDate(year: y, month: m, day: d)!
      if date.dayNumber != n || CalendarDate(dayNumber: n) != date { fail("\(date) ≠ \(n)") }
      for k in [1, 29, 366, 40_000] where date.adding(days: k)!.adding(days: -k) != date {
        fail("\(date) ± \(k)")
      }
      let monthLength = [31, y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
      d += 1
      if d > monthLength[m - 1] { (m, d) = (m + 1, 1) }
      if m > 12 { (y, m) = (y + 1, 1) }
      n += 1
    }
    for k in stride(from: 0, through: CalendarDate.maxDayNumber, by: 997) where CalendarDate(dayNumber: k).dayNumber != k {
      fail("day number \(k)")
    }
    #expect(failures.isEmpty)
  }

  @Test(arguments: [
    ("P1Y", DateDuration(years: 1), "P1Y", "1 year"),
    ("P6M", DateDuration(months: 6), "P6M", "6 months"),
    ("P30D", DateDuration(days: 30), "P30D", "30 days"),
    ("P1D", DateDuration(days: 1), "P1D", "1 day"),
    ("P2W", DateDuration(days: 14), "P14D", "14 days"),
    ("P1Y6M", DateDuration(years: 1, months: 6), "P1Y6M", "1 year 6 months"),
    ("P1Y6M10D", DateDuration(years: 1, months: 6, days: 10), "P1Y6M10D", "1 year 6 months 10 days"),
    ("P1W2D", DateDuration(days: 9), "P9D", "9 days"),
    ("P0D", DateDuration(), "P0D", "0 days"),
  ])
  func parsesISODurations(_ text: String, _ expected: DateDuration, _ iso: String, _ source: String) throws {
    let d = try DateDuration.parseISO(text)
    #expect(d == expected)
    #expect(d.isoDescription == iso)
    #expect(d.description == source)
  }

  @Test(arguments: [
    ("P", "`P` is not a duration: it has no parts", true),
    ("1Y", "`1Y` is not a duration: it must start with `P`", true),
    ("PT1H", "`PT1H` is not a duration: time parts (after `T`) are not supported", true),
    ("P-1D", "`P-1D` is not a duration: negative numbers are not allowed", false),
    ("P1.5Y", "`P1.5Y` is not a duration: fractions are not allowed", false),
    ("P1X", "`P1X` is not a duration: unknown unit `X`", true),
    ("P1", "`P1` is not a duration: the number 1 has no unit", true),
    ("PY", "`PY` is not a duration: `Y` needs a number before it", true),
    ("P1M1Y", "`P1M1Y` is not a duration: each part may appear once, in the order Y, M, W, D", false),
    ("P1Y1Y", "`P1Y1Y` is not a duration: each part may appear once, in the order Y, M, W, D", false),
    ("P12345678D", "`P12345678D` is not a duration: the number is too large", false),
    ("", "an empty value is not a duration", true),
  ])
  func rejectsBadDurations(_ text: String, _ message: String, _ hasHelp: Bool) {
    let error = #expect(throws: DateParseError.self) { try DateDuration.parseISO(text) }
    #expect(error?.message == message)
    #expect((error?.help != nil) == hasHelp)
  }

  @Test(arguments: [("1Y", "write `P1Y`"), ("p6m", "write `P6M`"), ("P30d", "write `P30D`")])
  func suggestsTheCanonicalSpelling(_ text: String, _ help: String) {
    let error = #expect(throws: DateParseError.self) { try DateDuration.parseISO(text) }
    #expect(error?.help == help)
  }

  @Test func durationParts() {
    let d = DateDuration(years: 1, months: 6, days: -3)
    #expect(d.totalMonths == 18)
    #expect(d.negated == DateDuration(years: -1, months: -6, days: 3))
    #expect(d.negated.description == "-1 year -6 months 3 days")
  }
}
